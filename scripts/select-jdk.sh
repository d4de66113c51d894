# Sourced by .ci/run and ./podctl: makes sure `java` and `mvn` use a JDK 21 or newer.
# When the default java is older, picks the newest JDK >= 21 under /usr/lib/jvm and exports JAVA_HOME.

podctl_java_major() {
    "$1" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1") ? v[2] : v[1]; exit }'
}

podctl_select_jdk() {
    local current=""
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
        current="$JAVA_HOME/bin/java"
    elif command -v java >/dev/null 2>&1; then
        current="$(command -v java)"
    fi
    if [ -n "$current" ] && [ "$(podctl_java_major "$current")" -ge 21 ] 2>/dev/null; then
        return 0
    fi
    local best="" best_major=0 dir major
    for dir in /usr/lib/jvm/*/; do
        dir="${dir%/}"
        [ -x "$dir/bin/java" ] && [ -x "$dir/bin/javac" ] || continue
        major="$(podctl_java_major "$dir/bin/java")"
        if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
            best="$dir"
            best_major="$major"
        fi
    done
    if [ -z "$best" ]; then
        echo "podctl needs a JDK 21 or newer; none found (default java: ${current:-none})." >&2
        echo "Install one (e.g. apt-get install openjdk-21-jdk) or set JAVA_HOME." >&2
        return 1
    fi
    export JAVA_HOME="$best"
    export PATH="$JAVA_HOME/bin:$PATH"
    echo "using JDK $best_major at $JAVA_HOME" >&2
}
