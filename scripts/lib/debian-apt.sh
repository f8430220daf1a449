# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# A private apt configuration for Debian's suites (sid and experimental, trixie
# and bookworm with their -updates and -security), kept in the cache directory so
# that the system's apt sources are never touched. Nothing is installed from it:
# packages are only listed, downloaded and unpacked (dpkg-deb -x). Used by
# scripts/setup (kselftest headers) and by kernel.sh.
#
#   debian_apt_init; debian_apt_update [force]; debian_apt_versions PKG;
#   debian_apt_download DIR PKG=VERSION...; apt-get/apt-cache "${APT_OPTS[@]}" ...

UFFDC_CACHE=${UFFDC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/uffd-conformance}
# How old the private package lists may get before they are refreshed.
APT_MAX_AGE_MIN=$((24 * 60))

# Progress and errors: the one logging helper of the scripts.
# shellcheck source=scripts/lib/vmlog.sh
declare -F vm_log >/dev/null || . "$(dirname "${BASH_SOURCE[0]}")/vmlog.sh"

# Suites listed, the stable ones with their -updates and -security (served from
# the debian-security archive beside the mirror).
DEBIAN_SUITES=(sid experimental trixie bookworm)
DEBIAN_STABLE_SUITES=(trixie bookworm)

# debian_mirror [debian|debian-security]: the mirror of that archive this machine
# already uses, so that proxies and mirrors set up by the administrator keep
# working.
debian_mirror() {
	local archive=${1:-debian} uri
	if [ -n "${UFFDC_DEBIAN_MIRROR:-}" ]; then
		uri=${UFFDC_DEBIAN_MIRROR%/}
		[ "$archive" = debian ] || uri=${uri%/debian}/$archive
		echo "$uri"
		return
	fi
	uri=$(awk 'tolower($1) == "uris:" { for (i = 2; i <= NF; i++) print $i }' \
		/etc/apt/sources.list.d/*.sources 2>/dev/null | grep -E "/$archive/?\$" | head -n1 || true)
	if [ -z "$uri" ]; then
		uri=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; break } }' \
			/etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
			grep -E "/$archive/?\$" | head -n1 || true)
	fi
	echo "${uri:-http://deb.debian.org/$archive}"
}

# The architecture whose packages are listed (DEBIAN_ARCH, default the host's).
# Another architecture keeps its own lists directory: an update with another
# APT::Architecture on the same lists replaces them.
DEBIAN_ARCH=${DEBIAN_ARCH:-$(dpkg --print-architecture)}
APT_DIR='' APT_OPTS=()
debian_apt_init() {
	[ -n "$APT_DIR" ] && return 0
	APT_DIR=$UFFDC_CACHE/apt
	[ "$DEBIAN_ARCH" = "$(dpkg --print-architecture)" ] || APT_DIR=$UFFDC_CACHE/apt-$DEBIAN_ARCH
	mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial"
	local mirror security key=/usr/share/keyrings/debian-archive-keyring.gpg suite
	mirror=$(debian_mirror) security=$(debian_mirror debian-security)
	[ -f "$key" ] || vm_die "$VM_EXIT_INFRA" "missing $key (install debian-archive-keyring)"
	local sources
	sources=$(
		for suite in "${DEBIAN_SUITES[@]}"; do
			printf 'deb [signed-by=%s] %s %s main\n' "$key" "$mirror" "$suite"
		done
		for suite in "${DEBIAN_STABLE_SUITES[@]}"; do
			printf 'deb [signed-by=%s] %s %s main\n' "$key" "$mirror" "$suite-updates" \
				"$key" "$security" "$suite-security"
		done
	)
	# Rewritten only when changed: a newer sources.list makes apt rebuild its
	# binary cache, which costs seconds.
	if [ "$(cat "$APT_DIR/sources.list" 2>/dev/null)" != "$sources" ]; then
		echo "$sources" >"$APT_DIR/sources.list"
	fi
	[ -f "$APT_DIR/status" ] || : >"$APT_DIR/status"
	mkdir -p "$APT_DIR/preferences.d"
	# An empty dpkg status and no preferences: we only list and download, and
	# the host's pins for its own suites must not hide the others.
	APT_OPTS=(
		-o "Dir::Etc::SourceList=$APT_DIR/sources.list" -o Dir::Etc::SourceParts=-
		-o "Dir::State::Lists=$APT_DIR/lists" -o "Dir::Cache=$APT_DIR/cache"
		# Container images often switch apt's binary cache off; without it
		# every apt-cache call re-parses the lists (about a second each).
		-o Dir::Cache::pkgcache=pkgcache.bin -o Dir::Cache::srcpkgcache=''
		-o "Dir::State::status=$APT_DIR/status"
		-o Dir::Etc::Preferences=/dev/null -o "Dir::Etc::PreferencesParts=$APT_DIR/preferences.d"
		-o "APT::Architecture=$DEBIAN_ARCH" -o "APT::Architectures=$DEBIAN_ARCH"
		-o Debug::NoLocking=1 -o "APT::Sandbox::User=$(id -un)"
		-o Acquire::Retries=1 -o Acquire::http::Timeout=20 -o Acquire::https::Timeout=20
	)
}

# Fresh: updated within APT_MAX_AGE_MIN from the sources.list there now (the
# stamp holds its checksum: lists of other suites do not count).
debian_apt_lists_fresh() {
	[ -n "$(find "$APT_DIR/updated" -mmin "-$APT_MAX_AGE_MIN" 2>/dev/null)" ] &&
		[ "$(cat "$APT_DIR/updated")" = "$(sha256sum <"$APT_DIR/sources.list")" ]
}

# debian_apt_update [force]: refresh the lists unless fresh; 1 when offline.
debian_apt_update() {
	if [ "${1:-}" != force ] && debian_apt_lists_fresh; then
		return 0
	fi
	vm_log "updating package lists (${DEBIAN_SUITES[*]}) ..."
	# apt-get update exits 0 after some fetch failures; its W:/E: lines tell.
	# A mirror without -updates or -security suites is no failure.
	if apt-get "${APT_OPTS[@]}" -q update </dev/null >"$APT_DIR/update.log" 2>&1 &&
		! grep -E '^(W|E): Failed to fetch' "$APT_DIR/update.log" | grep -qvE -- '-(updates|security)/'; then
		sha256sum <"$APT_DIR/sources.list" >"$APT_DIR/updated"
		return 0
	fi
	vm_log "apt-get update failed (network unreachable?): $(grep -E '^(W|E):' "$APT_DIR/update.log" | head -n1)"
	return 1
}

# Versions of a package known to the lists, one per line, newest first.
debian_apt_versions() {
	apt-cache "${APT_OPTS[@]}" madison "$1" 2>/dev/null |
		awk -F'|' -v p="$1" '{ gsub(/ /, "", $1); gsub(/ /, "", $2); if ($1 == p) print $2 }' |
		sort -u | debian_sort_versions
}

# Sort "VERSION [rest]" lines newest first by Debian's version rules (few lines).
debian_sort_versions() {
	local -a lines=()
	local line i j tmp
	while IFS= read -r line; do [ -n "$line" ] && lines+=("$line"); done
	for ((i = 0; i < ${#lines[@]}; i++)); do
		for ((j = i + 1; j < ${#lines[@]}; j++)); do
			if dpkg --compare-versions "${lines[j]%% *}" gt "${lines[i]%% *}"; then
				tmp=${lines[i]} lines[i]=${lines[j]} lines[j]=$tmp
			fi
		done
	done
	((${#lines[@]})) && printf '%s\n' "${lines[@]}"
	return 0
}

# debian_apt_download DIR PKG=VERSION...
debian_apt_download() {
	local dir=$1
	shift
	(cd "$dir" && apt-get "${APT_OPTS[@]}" -q download "$@") </dev/null >"$dir/download.log" 2>&1 || {
		vm_log "apt-get download failed: $(grep -E '^(W|E):' "$dir/download.log" | head -n1)"
		return 1
	}
}

