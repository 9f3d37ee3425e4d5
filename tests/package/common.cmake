# Helpers for the package test drivers (run with cmake -P).

# pkg_run(<what> EXPECT <exit code> OUT <var> COMMAND <argv...>)
# Runs a command; stops the test with its output if it exits with another code.
# Stores stdout in <var> and stderr in <var>_ERR.
function(pkg_run what)
    cmake_parse_arguments(ARG "" "EXPECT;OUT" "COMMAND" ${ARGN})
    if(NOT DEFINED ARG_EXPECT)
        set(ARG_EXPECT 0)
    endif()
    list(JOIN ARG_COMMAND " " shown)
    message(STATUS "${what}: ${shown}")
    execute_process(COMMAND ${ARG_COMMAND}
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT "${rc}" STREQUAL "${ARG_EXPECT}")
        message(FATAL_ERROR "${what} exited with ${rc}, expected ${ARG_EXPECT}\n"
                            "--- stdout\n${out}\n--- stderr\n${err}")
    endif()
    if(ARG_OUT)
        set(${ARG_OUT} "${out}" PARENT_SCOPE)
        set(${ARG_OUT}_ERR "${err}" PARENT_SCOPE)
    endif()
endfunction()

# pkg_expect(<what> <text> <regex>): fails the test unless <text> matches <regex>.
function(pkg_expect what text regex)
    if(NOT text MATCHES "${regex}")
        message(FATAL_ERROR "${what}: output does not match '${regex}':\n${text}")
    endif()
endfunction()

# The shipped corpus has exactly two reports containing the phrase "root causes"
# (003 and 004); the consumers list hits as "<rank>. <id> ...".
# The five shipped reports are one story: "root causes" finds it once, through 003 or 004.
set(PKG_ROOT_CAUSES_HITS
    "(^|\n)1\\. 00[34]_[0-9a-f]+\\.txt [^\n]*\n[^\n]*\n   story [0-9a-f]+: 5 reports, 2 matching\n")
