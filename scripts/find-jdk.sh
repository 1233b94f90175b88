# POSIX sh. Sourced by ./jnc and ./run-tests: sets JNC_JAVA_HOME to a JDK 25 or newer, or fails with one line.
# Order: $JAVA_HOME if it is 25+, then the `java` on PATH if 25+, then the JDKs in /usr/lib/jvm,
# /usr/local/lib/jvm and /opt/java, or in $JNC_JDK_DIRS if set (newest first). Versions are read from each JDK's `release` file, so no JVM is started to ask.

jnc_jdk_feature() { # prints the feature version of the JDK at $1, or nothing
    local rel="$1/release" line v
    [ -r "$rel" ] || return 0
    while IFS= read -r line; do
        case $line in
            JAVA_VERSION=*) v=${line#JAVA_VERSION=}; v=${v#\"}; v=${v%%[.+-\"]*}; echo "$v"; return 0 ;;
        esac
    done < "$rel"
}

jnc_find_jdk() {
    local cand v java_bin d
    # Where JDKs are installed; JNC_JDK_DIRS (space-separated) replaces the usual places.
    local jdk_dirs="${JNC_JDK_DIRS:-/usr/lib/jvm /usr/local/lib/jvm /opt/java}"
    if [ -n "${JAVA_HOME:-}" ]; then
        v=$(jnc_jdk_feature "$JAVA_HOME")
        if [ -n "$v" ] && [ "$v" -ge 25 ] 2>/dev/null && [ -x "$JAVA_HOME/bin/java" ]; then JNC_JAVA_HOME=$JAVA_HOME; return 0; fi
    fi
    if java_bin=$(command -v java 2>/dev/null); then
        cand=$(readlink -f "$java_bin"); cand=${cand%/bin/java}
        v=$(jnc_jdk_feature "$cand")
        if [ -n "$v" ] && [ "$v" -ge 25 ] 2>/dev/null; then JNC_JAVA_HOME=$cand; return 0; fi
    fi
    for cand in $(for d in $jdk_dirs; do ls -d "$d"/*/ 2>/dev/null; done | sort -rV); do
        cand=${cand%/}
        [ -L "$cand" ] && continue
        v=$(jnc_jdk_feature "$cand")
        if [ -n "$v" ] && [ "$v" -ge 25 ] 2>/dev/null && [ -x "$cand/bin/java" ]; then JNC_JAVA_HOME=$cand; return 0; fi
    done
    echo "jnc: no JDK 25 or newer found (looked at JAVA_HOME, java on PATH and in $jdk_dirs); install one, e.g. 'apt-get install openjdk-25-jdk'" >&2
    return 1
}
