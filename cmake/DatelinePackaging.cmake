# Install rules, the CMake package (find_package(Dateline)) and a pkg-config file.
include(CMakePackageConfigHelpers)

set(DATELINE_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/Dateline")

install(TARGETS dateline_schema dateline_indexer dateline_searcher
        EXPORT DatelineTargets
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS index-build index-search RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# Public headers of every component share one include root: <dateline/...>.
foreach(component schema indexer searcher)
    install(DIRECTORY "${PROJECT_SOURCE_DIR}/${component}/include/dateline"
            DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
    install(DIRECTORY "${PROJECT_BINARY_DIR}/${component}/include/dateline"
            DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endforeach()

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

configure_file("${PROJECT_SOURCE_DIR}/cmake/dateline.pc.in"
               "${PROJECT_BINARY_DIR}/dateline.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/dateline.pc"
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The shipped corpus and synonyms, so an installed index-build has a default to index.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/data/"
        DESTINATION ${CMAKE_INSTALL_DATADIR}/dateline/data)
