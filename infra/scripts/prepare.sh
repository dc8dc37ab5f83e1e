# Shared by ./run.sh and ./test.sh (sourced, not run): find a JDK >= 21 and the system packages Pulse uses.
# Needs bash. Sets JAVA_HOME and PULSE_JAVA; exits non-zero with a clear message when it cannot.

PULSE_MIN_JAVA=21

pulse_say() {
  echo "pulse: $*" >&2
}

# The feature version of a java launcher (8 for 1.8, 21, 25, ...), or nothing.
pulse_java_version() {
  local spec
  spec=$("$1" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2; exit}')
  spec=${spec#1.}
  if [[ $spec =~ ^[0-9]+$ ]]; then echo "$spec"; fi
}

# A JDK home (with javac, which Maven needs) of at least $PULSE_MIN_JAVA: JAVA_HOME when it qualifies, else the
# newest under /usr/lib/jvm or on PATH.
pulse_find_jdk() {
  local candidates=() home version best="" best_version=0
  [[ -n ${JAVA_HOME:-} ]] && candidates+=("$JAVA_HOME")
  for home in /usr/lib/jvm/*; do candidates+=("$home"); done
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for home in "${candidates[@]}"; do
    [[ -x $home/bin/java && -x $home/bin/javac ]] || continue
    version=$(pulse_java_version "$home/bin/java")
    [[ -n $version ]] || continue
    if [[ -n ${JAVA_HOME:-} && $home == "$JAVA_HOME" && $version -ge $PULSE_MIN_JAVA ]]; then
      echo "$home"
      return 0
    fi
    if (( version >= PULSE_MIN_JAVA && version > best_version )); then
      best=$home
      best_version=$version
    fi
  done
  if [[ -n $best ]]; then echo "$best"; fi
}

pulse_is_root() {
  [[ $(id -u) -eq 0 ]]
}

# Installs the named Debian packages when root, with apt-get update first. Services are not started by the
# install (a Redis started by its package would hold port 6379, which the dev stack wants).
pulse_apt_install() {
  local added_policy=""
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && added_policy=yes
  fi
  pulse_say "installing $* with apt-get"
  local status=0
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null || status=$?
  [[ -n $added_policy ]] && rm -f /usr/sbin/policy-rc.d
  return $status
}

# The program each package provides, for checking whether it is there.
pulse_program_of() {
  case $1 in
    redis-server) echo redis-server ;;
    nginx) echo nginx ;;
    chromium) echo chromium ;;
    chromium-driver) echo chromedriver ;;
    prometheus) echo promtool ;;
    *) echo "$1" ;;
  esac
}

pulse_has_program() {
  command -v "$1" >/dev/null 2>&1 || [[ -x /usr/sbin/$1 || -x /usr/local/sbin/$1 || -x /sbin/$1 ]]
}

# Prints the packages among the arguments whose program is missing.
pulse_missing_packages() {
  local package
  for package in "$@"; do
    pulse_has_program "$(pulse_program_of "$package")" || echo "$package"
  done
}

# Makes sure the packages are there: installs the missing ones when root and apt-get exists. Returns non-zero and
# names what is missing otherwise.
pulse_ensure_packages() {
  local missing
  mapfile -t missing < <(pulse_missing_packages "$@")
  (( ${#missing[@]} == 0 )) && return 0
  if pulse_is_root && command -v apt-get >/dev/null 2>&1; then
    pulse_apt_install "${missing[@]}" || pulse_say "apt-get could not install ${missing[*]}"
    mapfile -t missing < <(pulse_missing_packages "$@")
    (( ${#missing[@]} == 0 )) && return 0
  fi
  pulse_say "missing: ${missing[*]} (install with: sudo apt-get install -y ${missing[*]})"
  return 1
}

# Sets JAVA_HOME and PULSE_JAVA, installing an OpenJDK from apt when root and none is found; exits otherwise.
pulse_require_jdk() {
  local home
  home=$(pulse_find_jdk)
  if [[ -z $home ]] && pulse_is_root && command -v apt-get >/dev/null 2>&1; then
    local package
    for package in openjdk-25-jdk-headless openjdk-21-jdk-headless; do
      if apt-cache show "$package" >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-cache show "$package" >/dev/null 2>&1; }; then
        pulse_apt_install "$package" && break
      fi
    done
    home=$(pulse_find_jdk)
  fi
  if [[ -z $home ]]; then
    pulse_say "no JDK $PULSE_MIN_JAVA or newer found (looked at JAVA_HOME=${JAVA_HOME:-<unset>}, /usr/lib/jvm/* and PATH)."
    pulse_say "install one (for example Temurin 25 from https://adoptium.net, or apt-get install openjdk-21-jdk-headless)"
    pulse_say "and set JAVA_HOME to it."
    exit 1
  fi
  export JAVA_HOME=$home
  PULSE_JAVA=$home/bin/java
  pulse_say "using JDK $(pulse_java_version "$PULSE_JAVA") at $JAVA_HOME"
}
