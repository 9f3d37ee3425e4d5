# Compiles a tiny program with nothing but `pkg-config --cflags --libs dateline` from the
# installed prefix, and runs it on the installed index.
# Usage: cmake -DSOURCE= -DBINARY_DIR= -DPREFIX= -DLIBDIR= -DINDEX= -DPKG_CONFIG=
#              -DCXX_COMPILER= -DCXX_FLAGS= -DLINK_FLAGS= -DVERSION= -P pkg_config_test.cmake
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

file(REMOVE_RECURSE "${BINARY_DIR}")
file(MAKE_DIRECTORY "${BINARY_DIR}")
set(ENV{PKG_CONFIG_PATH} "${PREFIX}/${LIBDIR}/pkgconfig")

pkg_run("modversion" COMMAND "${PKG_CONFIG}" --modversion dateline OUT version)
string(STRIP "${version}" version)
if(NOT version STREQUAL VERSION)
    message(FATAL_ERROR "pkg-config reports version '${version}', expected '${VERSION}'")
endif()

pkg_run("flags" COMMAND "${PKG_CONFIG}" --cflags --libs dateline OUT flags)
string(STRIP "${flags}" flags)
separate_arguments(flags UNIX_COMMAND "${flags}")
separate_arguments(cxx_flags UNIX_COMMAND "${CXX_FLAGS}")
separate_arguments(link_flags UNIX_COMMAND "${LINK_FLAGS}")

set(program "${BINARY_DIR}/pkg_config_consumer")
# The rpath stands in for what ldconfig does for a system-wide install.
pkg_run("compile" COMMAND "${CXX_COMPILER}" -std=c++20 -Wall -Wextra -Werror ${cxx_flags}
        "${SOURCE}" -o "${program}" ${flags} ${link_flags}
        "-Wl,-rpath,${PREFIX}/${LIBDIR}")

pkg_run("run" COMMAND "${program}" "${INDEX}" OUT output)
pkg_expect("run" "${output}" "documents 5\n")
pkg_expect("run" "${output}" "root causes 2\n")
pkg_expect("run" "${output}" "version ${VERSION}\n")
