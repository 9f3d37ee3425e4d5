# Install rules, the CMake package (find_package(Dateline)) and a pkg-config file.
#
#   cmake --install build --prefix /opt/dateline
#     bin/index-build, bin/index-search
#     include/dateline/{searcher,indexer,errors,version}.hpp (+ generated *_export.hpp)
#     lib/libdateline_{schema,indexer,searcher}.so*
#     lib/cmake/Dateline/DatelineConfig.cmake (+ Version, Targets, DatelineXapian.cmake)
#     lib/pkgconfig/dateline.pc
#     share/dateline/data/                    (the shipped corpus and synonyms.tsv)
include(CMakePackageConfigHelpers)

set(DATELINE_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/Dateline")

install(TARGETS dateline_schema dateline_indexer dateline_searcher
        EXPORT DatelineTargets
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS index-build index-search index-serve RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# Only the headers embedders need: the searcher, the indexer, the exceptions both throw,
# the totals a build records (both read them), the version, and the export macros they use. Everything else in schema/ (term prefixes,
# value slots, normalization, the stored-data encoding) stays internal, free to change.
# tests/package/install.cmake checks that exactly these are installed.
install(FILES
    "${PROJECT_SOURCE_DIR}/searcher/include/dateline/searcher.hpp"
    "${PROJECT_SOURCE_DIR}/indexer/include/dateline/indexer.hpp"
    "${PROJECT_SOURCE_DIR}/schema/include/dateline/errors.hpp"
    "${PROJECT_SOURCE_DIR}/schema/include/dateline/build_totals.hpp"
    "${PROJECT_BINARY_DIR}/schema/include/dateline/version.hpp"
    "${PROJECT_BINARY_DIR}/schema/include/dateline/schema_export.hpp"
    "${PROJECT_BINARY_DIR}/indexer/include/dateline/indexer_export.hpp"
    "${PROJECT_BINARY_DIR}/searcher/include/dateline/searcher_export.hpp"
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/dateline)

install(EXPORT DatelineTargets NAMESPACE Dateline:: DESTINATION ${DATELINE_CMAKE_DIR})
configure_package_config_file(
    "${PROJECT_SOURCE_DIR}/cmake/DatelineConfig.cmake.in"
    "${PROJECT_BINARY_DIR}/DatelineConfig.cmake"
    INSTALL_DESTINATION ${DATELINE_CMAKE_DIR})
write_basic_package_version_file(
    "${PROJECT_BINARY_DIR}/DatelineConfigVersion.cmake"
    COMPATIBILITY SameMinorVersion)
install(FILES
    "${PROJECT_BINARY_DIR}/DatelineConfig.cmake"
    "${PROJECT_BINARY_DIR}/DatelineConfigVersion.cmake"
    "${PROJECT_SOURCE_DIR}/cmake/DatelineXapian.cmake"
    DESTINATION ${DATELINE_CMAKE_DIR})

# dateline.pc locates the prefix relative to itself (${pcfiledir}), so the installed tree
# works wherever `cmake --install --prefix` puts it. An absolute LIBDIR or INCLUDEDIR is
# used as given.
set(_dateline_pc_dir "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
    set(DATELINE_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
    set(DATELINE_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
else()
    # Relative path from <prefix>/<libdir>/pkgconfig back up to <prefix>.
    file(RELATIVE_PATH _dateline_pc_up "/prefix/${_dateline_pc_dir}" "/prefix")
    string(REGEX REPLACE "/$" "" _dateline_pc_up "${_dateline_pc_up}")
    set(DATELINE_PC_PREFIX "\${pcfiledir}/${_dateline_pc_up}")
    set(DATELINE_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
    set(DATELINE_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
    set(DATELINE_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file("${PROJECT_SOURCE_DIR}/cmake/dateline.pc.in"
               "${PROJECT_BINARY_DIR}/dateline.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/dateline.pc" DESTINATION ${_dateline_pc_dir})

# The shipped corpus and synonyms, as a ready sample to index after installing.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/data/"
        DESTINATION ${CMAKE_INSTALL_DATADIR}/dateline/data)
