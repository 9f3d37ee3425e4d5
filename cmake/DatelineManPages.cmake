# Man pages generated from each command's own --help text by help2man, so the page and
# --help cannot disagree, and installed by `cmake --install` into share/man/man1; bash
# completions installed into share/bash-completion/completions (where bash-completion looks
# under a prefix). help2man is a Debian package (scripts/packages.txt); without it the man
# pages are left out with a message, and their test reports as skipped.
find_program(DATELINE_HELP2MAN help2man)
if(NOT DATELINE_HELP2MAN)
    message(STATUS "help2man not found: man pages will not be built (apt-get install help2man)")
endif()

# dateline_add_man_page(<executable target> "<one-line description>")
function(dateline_add_man_page target description)
    if(NOT DATELINE_HELP2MAN)
        return()
    endif()
    set(page "${PROJECT_BINARY_DIR}/man/${target}.1")
    set(include "${PROJECT_SOURCE_DIR}/cmake/man_see_also.h2m")
    add_custom_command(
        OUTPUT "${page}"
        COMMAND ${CMAKE_COMMAND} -E make_directory "${PROJECT_BINARY_DIR}/man"
        # --no-info: Debian has no info manual for it. The version comes from --version.
        COMMAND ${DATELINE_HELP2MAN} --no-info --no-discard-stderr
                "--name=${description}"
                "--include=${include}" --output=${page} $<TARGET_FILE:${target}>
        DEPENDS ${target} "${include}"
        COMMENT "Generating the ${target}(1) man page from its --help"
        VERBATIM)
    add_custom_target(${target}-man ALL DEPENDS "${page}")
    install(FILES "${page}" DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endfunction()

# dateline_add_completion(<command name>): completions/dateline.bash (which reads the
# command's --help) installed under the command's name, where bash-completion looks for it.
function(dateline_add_completion name)
    install(FILES "${PROJECT_SOURCE_DIR}/completions/dateline.bash"
            DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
            RENAME ${name})
endfunction()
