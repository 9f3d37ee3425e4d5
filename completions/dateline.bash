# bash completion for index-search and index-build (and any Dateline command). Options and their values are read from the command's
# own --help (an option's value list is its "a | b | c" description), so completion cannot
# drift from the program. Installed once per command name under share/bash-completion/completions/.
_dateline_complete() {
    local cur prev help
    cur="${COMP_WORDS[COMP_CWORD]}"
    prev="${COMP_WORDS[COMP_CWORD-1]}"
    help=$("${COMP_WORDS[0]}" --help 2>/dev/null) || return 0
    if [[ "$prev" == --* && "$cur" != --* ]]; then
        # "  --format arg    text | json | jsonl" -> text json jsonl
        local line values
        line=$(grep -E -- "^ +${prev}( |=)" <<<"$help" | head -1)
        if [[ "$line" == *" | "* ]]; then
            values=$(sed -E 's/^ +--[a-z-]+( \[?(arg|[A-Z]+)\]?| arg \(=[^)]*\))? +//; s/\(.*//; s/ \| /\n/g' <<<"$line" |
                     sed -E 's/^[^a-z]*//; s/[ :].*$//')
            mapfile -t COMPREPLY < <(compgen -W "$values" -- "$cur")
            return 0
        fi
        case "$prev" in
            --index) mapfile -t COMPREPLY < <(compgen -d -- "$cur"); return 0 ;;
            --synonyms) mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return 0 ;;
        esac
        if grep -qE -- "^ +${prev} (arg|[A-Z]+)" <<<"$help"; then return 0; fi
    fi
    if [[ "$cur" == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$(grep -oE -- '--[a-z][a-z-]*' <<<"$help" | sort -u)" -- "$cur")
        return 0
    fi
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
}
complete -F _dateline_complete index-search index-build
