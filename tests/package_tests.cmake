# The installed package, tested the way fmt tests its find_package support: install this
# build into a scratch prefix, then build consumers against it as separate projects and
# run them on an index built by the installed index-build from data/. Run just these with
# `ctest -R '^package:'`.
#
#   package: install                  cmake --install into build/tests/package/prefix
#   package: installed index-build    indexes data/ (proves the installed RPATH works)
#   package: installed index-search   finds the "root causes" reports
#   package: find_package consumer    examples/ configured on its own with find_package(Dateline)
#   package: pkg-config consumer      c++ ... $(pkg-config --cflags --libs dateline)
find_package(PkgConfig REQUIRED)

set(_dateline_pkg_scratch "${CMAKE_CURRENT_BINARY_DIR}/package")
set(_dateline_pkg_prefix "${_dateline_pkg_scratch}/prefix")
set(_dateline_pkg_index "${_dateline_pkg_scratch}/index")

# A sanitized library needs the sanitizer runtimes linked into the consumer's executable.
set(_dateline_pkg_cxx_flags "")
set(_dateline_pkg_link_flags "")
if(DATELINE_SANITIZE)
    list(JOIN DATELINE_SANITIZE_COMPILE_FLAGS " " _dateline_pkg_cxx_flags)
    list(JOIN DATELINE_SANITIZE_LINK_FLAGS " " _dateline_pkg_link_flags)
endif()

add_test(NAME "package: install"
    COMMAND ${CMAKE_COMMAND}
        -DBUILD_DIR=${PROJECT_BINARY_DIR}
        -DCONFIG=$<CONFIG>
        -DSCRATCH=${_dateline_pkg_scratch}
        -DPREFIX=${_dateline_pkg_prefix}
        -DBINDIR=${CMAKE_INSTALL_BINDIR}
        -DLIBDIR=${CMAKE_INSTALL_LIBDIR}
        -DINCLUDEDIR=${CMAKE_INSTALL_INCLUDEDIR}
        -P ${CMAKE_CURRENT_SOURCE_DIR}/package/install.cmake)
set_tests_properties("package: install" PROPERTIES FIXTURES_SETUP dateline_installed)

add_test(NAME "package: installed index-build"
    COMMAND ${_dateline_pkg_prefix}/${CMAKE_INSTALL_BINDIR}/index-build
        --index ${_dateline_pkg_index} ${PROJECT_SOURCE_DIR}/data)
set_tests_properties("package: installed index-build" PROPERTIES
    FIXTURES_REQUIRED dateline_installed
    FIXTURES_SETUP dateline_installed_index)

add_test(NAME "package: installed index-search"
    COMMAND ${_dateline_pkg_prefix}/${CMAKE_INSTALL_BINDIR}/index-search
        --index ${_dateline_pkg_index} [["root causes"]])
set_tests_properties("package: installed index-search" PROPERTIES
    FIXTURES_REQUIRED "dateline_installed;dateline_installed_index")

add_test(NAME "package: find_package consumer"
    COMMAND ${CMAKE_COMMAND}
        -DSOURCE_DIR=${PROJECT_SOURCE_DIR}/examples
        -DBINARY_DIR=${_dateline_pkg_scratch}/examples-build
        -DPREFIX=${_dateline_pkg_prefix}
        -DINDEX=${_dateline_pkg_index}
        -DGENERATOR=${CMAKE_GENERATOR}
        -DMAKE_PROGRAM=${CMAKE_MAKE_PROGRAM}
        -DCXX_COMPILER=${CMAKE_CXX_COMPILER}
        -DCONFIG=$<CONFIG>
        -DCXX_FLAGS=${_dateline_pkg_cxx_flags}
        -DLINK_FLAGS=${_dateline_pkg_link_flags}
        -P ${CMAKE_CURRENT_SOURCE_DIR}/package/find_package_test.cmake)
set_tests_properties("package: find_package consumer" PROPERTIES
    FIXTURES_REQUIRED "dateline_installed;dateline_installed_index")

add_test(NAME "package: pkg-config consumer"
    COMMAND ${CMAKE_COMMAND}
        -DSOURCE=${CMAKE_CURRENT_SOURCE_DIR}/package/pkg_config_consumer.cpp
        -DBINARY_DIR=${_dateline_pkg_scratch}/pkg-config-build
        -DPREFIX=${_dateline_pkg_prefix}
        -DLIBDIR=${CMAKE_INSTALL_LIBDIR}
        -DINDEX=${_dateline_pkg_index}
        -DPKG_CONFIG=${PKG_CONFIG_EXECUTABLE}
        -DCXX_COMPILER=${CMAKE_CXX_COMPILER}
        -DCXX_FLAGS=${_dateline_pkg_cxx_flags}
        -DLINK_FLAGS=${_dateline_pkg_link_flags}
        -DVERSION=${PROJECT_VERSION}
        -P ${CMAKE_CURRENT_SOURCE_DIR}/package/pkg_config_test.cmake)
set_tests_properties("package: pkg-config consumer" PROPERTIES
    FIXTURES_REQUIRED "dateline_installed;dateline_installed_index")
