# CTest runs each doctest case by its name, and doctest_discover_tests() splits a name at
# ';' (a CMake list separator): the halves match no case, doctest exits 0, and the test
# passes without running. Fails when any TEST_CASE name (including a literal continued on
# the next line) contains ';'.
file(GLOB_RECURSE sources "${SOURCE_DIR}/tests/*.cpp")
set(bad "")
foreach(source ${sources})
    file(READ "${source}" text)
    string(REGEX MATCHALL "TEST_CASE\\(\"[^\"]*;[^\"]*\"" direct "${text}")
    string(REGEX MATCHALL "TEST_CASE\\(\"[^\"]*\"[ \t\r\n]+\"[^\"]*;[^\"]*\"" continued "${text}")
    if(direct OR continued)
        list(APPEND bad "${source}")
    endif()
endforeach()
if(bad)
    message(FATAL_ERROR "TEST_CASE names with ';' (CTest would run nothing for them): ${bad}")
endif()
