# SPDX-License-Identifier: GPL-2.0
"""The arm64 sysroot's path (scripts/lib/sysroot.sh makes it under the cache).

A repository rule, so that the path follows UFFDC_CACHE / XDG_CACHE_HOME / HOME
like the scripts do, and a change of them re-reads it."""

def _impl(ctx):
    cache = ctx.os.environ.get("UFFDC_CACHE", "")
    if not cache:
        base = ctx.os.environ.get("XDG_CACHE_HOME", "") or ctx.os.environ.get("HOME", "") + "/.cache"
        cache = base + "/uffd-conformance"
    ctx.file("BUILD", "")
    ctx.file("defs.bzl", "SYSROOT = %r\n" % (cache + "/sysroot-" + ctx.attr.arch))

uffdc_sysroot = repository_rule(
    implementation = _impl,
    attrs = {"arch": attr.string(mandatory = True)},
    environ = ["UFFDC_CACHE", "XDG_CACHE_HOME", "HOME"],
    local = True,
)
