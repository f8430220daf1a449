"""Build settings shared by every target of uffd-conformance."""

# The kselftest harness is C; g++ accepts it in C++17 with -fpermissive (void*
# conversions from mmap()).
UFFDC_COPTS = ["-std=gnu++17", "-fpermissive", "-Wno-missing-field-initializers"]

# Everything that runs inside the guest is fully static: the initramfs has no libc.
STATIC_FEATURES = ["fully_static_link"]

# The mapping types, one suite binary each (uffd_rwp_<backing>). The one list:
# the C++ code through fixtures:backings_inc (protocol.h kBackings), the scripts
# through suites:backings_list (scripts/build -> out/bin/backings).
BACKINGS = ["anon", "shmem", "hugetlb"]
