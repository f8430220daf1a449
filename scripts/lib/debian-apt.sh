# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# A private apt configuration for Debian's sid and experimental suites, kept in the
# cache directory so that the system's apt sources are never touched. Nothing is ever
# installed from it: packages are downloaded and unpacked with dpkg-deb -x.
#
# Source this file, then call:  uffdc_apt_update  and  uffdc_apt <apt-get/apt-cache args>

UFFDC_CACHE=${UFFDC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/uffd-conformance}
UFFDC_APT_DIR=$UFFDC_CACHE/apt

uffdc_log() { printf '[%s %s] %s\n' "${UFFDC_LOG_TAG:-uffdc}" "$(date +%H:%M:%S)" "$*" >&2; }

# The mirror the machine already uses (deb822 or one-line format).
uffdc_debian_mirror() {
	local m
	m=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null |
		grep -v security | head -n1)
	[ -n "$m" ] || m=$(sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]*\).*/\2/p' \
		/etc/apt/sources.list 2>/dev/null | grep -v security | head -n1)
	echo "${m:-http://deb.debian.org/debian}"
}

_uffdc_apt_opts() {
	printf '%s\n' -o "Dir::Etc::SourceList=$UFFDC_APT_DIR/sources.list" \
		-o "Dir::Etc::SourceParts=-" -o "Dir::State::Lists=$UFFDC_APT_DIR/lists" \
		-o "Dir::Cache=$UFFDC_APT_DIR/cache" -o "Dir::State::status=$UFFDC_APT_DIR/status" \
		-o "Debug::NoLocking=1" -o "APT::Sandbox::User=root"
}

uffdc_apt() {
	local cmd=$1; shift
	local -a opts
	mapfile -t opts < <(_uffdc_apt_opts)
	"$cmd" "${opts[@]}" "$@"
}

# Refreshes the private lists at most once a day (UFFDC_APT_MAX_AGE seconds); with no
# network and existing lists, carries on with what is there.
uffdc_apt_update() {
	mkdir -p "$UFFDC_APT_DIR/lists/partial" "$UFFDC_APT_DIR/cache/archives/partial"
	touch "$UFFDC_APT_DIR/status"
	local mirror; mirror=$(uffdc_debian_mirror)
	cat >"$UFFDC_APT_DIR/sources.list" <<SRC
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror sid main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror experimental main
SRC
	local stamp=$UFFDC_APT_DIR/updated max_age=${UFFDC_APT_MAX_AGE:-86400}
	if [ -f "$stamp" ] && [ $(( $(date +%s) - $(stat -c %Y "$stamp") )) -lt "$max_age" ]; then
		return 0
	fi
	uffdc_log "refreshing package lists for sid and experimental"
	if uffdc_apt apt-get -qq update >"$UFFDC_APT_DIR/update.log" 2>&1; then
		touch "$stamp"
	elif ls "$UFFDC_APT_DIR"/lists/*Packages* >/dev/null 2>&1; then
		uffdc_log "package registry unreachable; using the cached package lists"
	else
		echo "error: cannot reach Debian's package registry (see $UFFDC_APT_DIR/update.log)" >&2
		return 1
	fi
}

# Downloads PACKAGE (optionally =VERSION) into $UFFDC_CACHE/debs and prints the .deb path.
uffdc_apt_download() {
	local pkg=$1 dir=$UFFDC_CACHE/debs
	mkdir -p "$dir"
	local name=${pkg%%=*} ver
	if [ "$name" = "$pkg" ]; then
		# experimental has a lower pin than sid: take the highest version any suite offers.
		ver=$(uffdc_apt apt-cache madison "$name" 2>/dev/null | awk -F'|' '{gsub(/ /,"",$2); print $2}' |
			sort -V | tail -n1)
	else
		ver=${pkg#*=}
	fi
	[ -n "$ver" ] || { echo "error: Debian has no package named $name" >&2; return 1; }
	local f=$dir/${name}_${ver//:/%3a}_$(uffdc_deb_arch "$name" "$ver").deb
	if [ ! -s "$f" ]; then
		uffdc_log "downloading $name $ver"
		(cd "$dir" && uffdc_apt apt-get -qq download "$name=$ver" >/dev/null) ||
			{ echo "error: download of $name=$ver failed" >&2; return 1; }
		[ -s "$f" ] || { echo "error: apt-get download of $name=$ver did not produce $f" >&2; return 1; }
	fi
	echo "$f"
}

# The architecture field of a package's file name (all or amd64).
uffdc_deb_arch() {
	uffdc_apt apt-cache show "$1=$2" 2>/dev/null | awk '/^Architecture:/ {print $2; exit}'
}
