# Warnings and sanitizers, applied per target (never through global flags).

# The sanitizer flags, also handed to projects built against an installed sanitized
# build (tests/package_tests.cmake): the ASan runtime must be linked into the executable.
set(DATELINE_SANITIZE_COMPILE_FLAGS
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
set(DATELINE_SANITIZE_LINK_FLAGS -fsanitize=address,undefined)
# Runtime defaults compiled into sanitized executables (why: see the file).
set(DATELINE_SANITIZE_DEFAULTS_SOURCE "${CMAKE_CURRENT_LIST_DIR}/sanitizer_defaults.cpp")

function(dateline_set_compile_options target)
    target_compile_features(${target} PUBLIC cxx_std_20)
    set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF)
    if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
        target_compile_options(${target} PRIVATE
            -Wall -Wextra -Wpedantic -Wshadow
            -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual
            -Wimplicit-fallthrough -Wformat=2)
        if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
            # GCC 12 reports it from inside libstdc++ and Boost.ProgramOptions at -O2
            # (inlined std::vector/std::string), never from our code: clang only.
            target_compile_options(${target} PRIVATE -Wnull-dereference)
        elseif(CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
            # GCC 12 false positive on `std::string s = "literal"` at -O2 (GCC PR105329).
            target_compile_options(${target} PRIVATE -Wno-restrict)
        endif()
        if(DATELINE_WERROR)
            target_compile_options(${target} PRIVATE -Werror)
        endif()
        if(DATELINE_SANITIZE)
            target_compile_options(${target} PRIVATE ${DATELINE_SANITIZE_COMPILE_FLAGS})
            target_link_options(${target} PRIVATE ${DATELINE_SANITIZE_LINK_FLAGS})
            get_target_property(type ${target} TYPE)
            if(type STREQUAL "EXECUTABLE")
                target_sources(${target} PRIVATE ${DATELINE_SANITIZE_DEFAULTS_SOURCE})
            endif()
        endif()
        if(DATELINE_SANITIZE_THREAD)
            # scripts/check runs the concurrency tests (part writers, readers during a
            # publish, shard failover) in such a build; a race report fails the test.
            target_compile_options(${target} PRIVATE -fsanitize=thread -fno-omit-frame-pointer)
            target_link_options(${target} PRIVATE -fsanitize=thread)
        endif()
        if(DATELINE_BUILD_FUZZERS AND CMAKE_CXX_COMPILER_ID MATCHES "Clang")
            # Coverage feedback must reach the libraries, not only the fuzz targets.
            target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
        endif()
    endif()
endfunction()
