# Builds examples/ as a separate project against the installed package
# (find_package(Dateline)) and runs dateline_example_search on the installed index.
# Usage: cmake -DSOURCE_DIR= -DBINARY_DIR= -DPREFIX= -DINDEX= -DGENERATOR= -DMAKE_PROGRAM=
#              -DCXX_COMPILER= -DCONFIG= -DCXX_FLAGS= -DLINK_FLAGS= -P find_package_test.cmake
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

file(REMOVE_RECURSE "${BINARY_DIR}")
pkg_run("configure" COMMAND "${CMAKE_COMMAND}" -S "${SOURCE_DIR}" -B "${BINARY_DIR}"
    -G "${GENERATOR}" "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}"
    "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" "-DCMAKE_BUILD_TYPE=${CONFIG}"
    "-DCMAKE_CXX_FLAGS=-Wall -Wextra -Wpedantic ${CXX_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${LINK_FLAGS}"
    "-DCMAKE_PREFIX_PATH=${PREFIX}"
    # Only the installed package may satisfy find_package(Dateline).
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DCMAKE_COMPILE_WARNING_AS_ERROR=ON)
file(STRINGS "${BINARY_DIR}/CMakeCache.txt" dateline_dir REGEX "^Dateline_DIR:")
pkg_expect("configure: Dateline_DIR" "${dateline_dir}" "=${PREFIX}/")
pkg_run("build" COMMAND "${CMAKE_COMMAND}" --build "${BINARY_DIR}" --config "${CONFIG}")

set(example "${BINARY_DIR}/dateline_example_search")
pkg_run("search" COMMAND "${example}" "${INDEX}" [["root causes"]] OUT hits)
pkg_expect("search" "${hits}" "${PKG_ROOT_CAUSES_HITS}")
pkg_expect("search" "${hits}" "^1 (\\(estimated\\) )?matches for \"root causes\"\n")

# grep's exit codes, and a dateline::Error thrown inside the installed shared library
# caught by the consumer (its type info must be exported).
pkg_run("no hits" EXPECT 1 COMMAND "${example}" "${INDEX}" zzzqqqxxx)
pkg_run("missing index" EXPECT 2 OUT missing
        COMMAND "${example}" "${BINARY_DIR}/no-such-index" Putin)
pkg_expect("missing index" "${missing_ERR}" "^dateline_example_search: ")
