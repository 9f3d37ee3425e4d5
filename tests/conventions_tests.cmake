# Shell conventions (issue 17): the generated man pages render with man -l, and the bash
# completion loads and completes options and their values from the real binaries' --help.
set(_dateline_man_dir "${PROJECT_BINARY_DIR}/man")
foreach(command index-build index-search)
    add_test(NAME "conventions: man -l renders ${command}(1)"
             COMMAND bash -c "command -v man >/dev/null || { echo 'man not installed'; exit 77; }
                 [ -f '${_dateline_man_dir}/${command}.1' ] || { echo 'no man page: help2man missing'; exit 77; }
                 out=$(MANWIDTH=80 MANPAGER=cat man -l '${_dateline_man_dir}/${command}.1') || exit 1
                 grep -q '^NAME' <<<\"$out\" && grep -q -- '--index' <<<\"$out\" && grep -q 'SEE ALSO' <<<\"$out\"")
    set_tests_properties("conventions: man -l renders ${command}(1)" PROPERTIES SKIP_RETURN_CODE 77)
endforeach()

set(_dateline_complete "${PROJECT_SOURCE_DIR}/completions/dateline.bash")
add_test(NAME "conventions: bash completion completes index-search options and values"
         COMMAND bash -c "set -e; source '${_dateline_complete}'
             complete -p index-search >/dev/null
             COMP_WORDS=('$<TARGET_FILE:index-search>' --for); COMP_CWORD=1; _dateline_complete
             [[ \" \${COMPREPLY[*]} \" == *' --format '* ]]
             COMP_WORDS=('$<TARGET_FILE:index-search>' --format c); COMP_CWORD=2; _dateline_complete
             [[ \"\${COMPREPLY[*]}\" == 'csv' ]]
             COMP_WORDS=('$<TARGET_FILE:index-search>' --color ''); COMP_CWORD=2; _dateline_complete
             [[ \"\${COMPREPLY[*]}\" == 'auto always never' ]]
             COMP_WORDS=('$<TARGET_FILE:index-build>' --dry); COMP_CWORD=1; _dateline_complete
             [[ \"\${COMPREPLY[*]}\" == '--dry-run' ]]")

# --version on every command, in the GNU form help2man reads.
foreach(command index-build index-search)
    add_test(NAME "conventions: ${command} --version" COMMAND ${command} --version)
    set_tests_properties("conventions: ${command} --version" PROPERTIES
        PASS_REGULAR_EXPRESSION "^${command} \\(Dateline\\) ${PROJECT_VERSION}\n$")
endforeach()
