# Server tests: index-serve's parts without a socket, the real binary over loopback, and
# a real browser (Debian's chromium, headless) loading the page (docs/SERVER.md).

dateline_add_test(NAME server_unit_test
    SOURCES unit/server_unit_test.cpp
    LIBS dateline_server nlohmann_json::nlohmann_json)

add_library(dateline_serve_client STATIC server/serve_client.cpp)
target_include_directories(dateline_serve_client PUBLIC server)
target_link_libraries(dateline_serve_client PUBLIC dateline_test_support)
target_compile_definitions(dateline_serve_client PRIVATE
    DATELINE_INDEX_SERVE_EXE="$<TARGET_FILE:index-serve>")
dateline_set_compile_options(dateline_serve_client)
add_dependencies(dateline_serve_client index-serve)

dateline_add_test(NAME server_http_test
    SOURCES server/server_http_test.cpp
    LIBS dateline_serve_client nlohmann_json::nlohmann_json Threads::Threads
    LABELS server)

# Not doctest: a skip must reach CTest as a skip (exit 77), never as a pass.
add_executable(server_browser_test server/server_browser_test.cpp)
target_link_libraries(server_browser_test PRIVATE dateline_serve_client)
dateline_set_compile_options(server_browser_test)
add_test(NAME "server_browser_test: the page in headless Chromium"
         COMMAND server_browser_test "${CMAKE_CURRENT_BINARY_DIR}/server_browser_test.png")
set_tests_properties("server_browser_test: the page in headless Chromium" PROPERTIES
    SKIP_RETURN_CODE 77 LABELS "server;browser" TIMEOUT 300)
