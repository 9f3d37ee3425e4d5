# shellcheck shell=bash
# Shared logic of scripts/demo and scripts/check. Source it; do not run it.
# Requires bash; the caller has already done `set -euo pipefail`.

DATELINE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly DATELINE_ROOT

# Parallel jobs for builds: every core, unless DATELINE_JOBS says otherwise.
DATELINE_JOBS="${DATELINE_JOBS:-$(nproc)}"

log() {
    printf '==> %s\n' "$*" >&2
}

die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

# The packages listed in scripts/packages.txt, one per line.
required_packages() {
    sed -e 's/#.*//' -e 's/[[:space:]]//g' "${DATELINE_ROOT}/scripts/packages.txt" | grep -v '^$'
}

# Prints the required packages that dpkg does not report as installed.
missing_packages() {
    local pkg status
    while read -r pkg; do
        status="$(dpkg-query -W -f='${Status}' "${pkg}" 2>/dev/null || true)"
        if [[ "${status}" != "install ok installed" ]]; then
            printf '%s\n' "${pkg}"
        fi
    done < <(required_packages)
}

# Installs missing packages with apt-get; does nothing (and never touches apt) when all
# are present. As root it runs apt-get directly; otherwise through sudo if there is one.
ensure_packages() {
    command -v dpkg-query >/dev/null 2>&1 || die "dpkg-query not found: these scripts expect Debian 12"
    [[ -r "${DATELINE_ROOT}/scripts/packages.txt" ]] || die "cannot read scripts/packages.txt"
    local -a missing
    mapfile -t missing < <(missing_packages)
    if ((${#missing[@]} == 0)); then
        return 0
    fi
    log "missing Debian packages: ${missing[*]}"
    local -a as_root=()
    if ((EUID != 0)); then
        if command -v sudo >/dev/null 2>&1; then
            as_root=(sudo)
        else
            die "not root and sudo is not available; as root, run: apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
        fi
    fi
    "${as_root[@]}" apt-get update
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "${missing[@]}"
}

# configure_build <build-dir> <build-type> [cmake args...]
# Configures with Ninja the first time; later runs reuse the cache (CMake re-checks by itself
# whether anything changed, so a second run is incremental).
configure_build() {
    local dir="$1" type="$2"
    shift 2
    local -a generator=()
    if [[ ! -f "${dir}/CMakeCache.txt" ]]; then
        generator=(-G Ninja)
    fi
    log "configuring ${type} build in ${dir#"${DATELINE_ROOT}"/}"
    cmake -S "${DATELINE_ROOT}" -B "${dir}" "${generator[@]}" -DCMAKE_BUILD_TYPE="${type}" "$@"
}

# build <build-dir>
build() {
    local dir="$1"
    log "building in ${dir#"${DATELINE_ROOT}"/} with ${DATELINE_JOBS} jobs"
    cmake --build "${dir}" --parallel "${DATELINE_JOBS}"
}
