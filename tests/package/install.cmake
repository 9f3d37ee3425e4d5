# Installs the build tree into a fresh scratch prefix and checks the layout embedders rely on.
# Usage: cmake -DBUILD_DIR= -DCONFIG= -DSCRATCH= -DPREFIX= -DBINDIR= -DLIBDIR= -DINCLUDEDIR=
#              -P install.cmake
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

# Start clean: a stale file from an earlier run must not make a missing install rule pass.
file(REMOVE_RECURSE "${SCRATCH}")
pkg_run("install" COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --config "${CONFIG}"
                          --prefix "${PREFIX}")

set(expected
    "${BINDIR}/index-build"
    "${BINDIR}/index-search"
    "${LIBDIR}/cmake/Dateline/DatelineConfig.cmake"
    "${LIBDIR}/cmake/Dateline/DatelineConfigVersion.cmake"
    "${LIBDIR}/cmake/Dateline/DatelineTargets.cmake"
    "${LIBDIR}/cmake/Dateline/DatelineXapian.cmake"
    "${LIBDIR}/pkgconfig/dateline.pc"
    "share/dateline/data/synonyms.tsv")
foreach(file IN LISTS expected)
    if(NOT EXISTS "${PREFIX}/${file}")
        message(FATAL_ERROR "not installed: ${file}")
    endif()
endforeach()
# Exactly the embedders' headers: prefixes, value slots and the rest of schema/ stay internal.
set(expected_headers build_totals.hpp errors.hpp indexer.hpp indexer_export.hpp
    schema_export.hpp searcher.hpp searcher_export.hpp version.hpp)
file(GLOB_RECURSE installed_headers RELATIVE "${PREFIX}/${INCLUDEDIR}/dateline"
     "${PREFIX}/${INCLUDEDIR}/dateline/*")
list(SORT installed_headers)
if(NOT installed_headers STREQUAL expected_headers)
    message(FATAL_ERROR "installed headers: ${installed_headers}\nexpected: ${expected_headers}")
endif()
foreach(lib schema indexer searcher)
    file(GLOB found "${PREFIX}/${LIBDIR}/libdateline_${lib}.*")
    if(NOT found)
        message(FATAL_ERROR "not installed: ${LIBDIR}/libdateline_${lib}.*")
    endif()
endforeach()

# Every installed header must be one an embedder can include: <dateline/...> only.
file(GLOB headers "${PREFIX}/${INCLUDEDIR}/dateline/*.hpp")
foreach(header IN LISTS headers)
    file(STRINGS "${header}" includes REGEX "^#include <(xapian|unicode/|boost/|nlohmann/)")
    if(includes)
        message(FATAL_ERROR "${header} exposes a backend header: ${includes}")
    endif()
endforeach()
