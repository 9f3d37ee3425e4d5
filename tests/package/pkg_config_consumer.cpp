// A consumer built by tests/package/pkg_config_test.cmake with only
//   c++ -std=c++20 pkg_config_consumer.cpp $(pkg-config --cflags --libs dateline)
// It uses the searcher and, directly, the schema library's dateline::version() (both must
// be on the link line).
#include <cstddef>
#include <iostream>
#include <span>

#include <dateline/searcher.hpp>
#include <dateline/version.hpp>

int main(int argc, char* argv[]) {
    const std::span<char*> args(argv, static_cast<std::size_t>(argc));
    if (args.size() != 2) {
        std::cerr << "usage: pkg_config_consumer INDEX_DIR\n";
        return 2;
    }
    try {
        dateline::Searcher searcher{args[1]};
        std::cout << "documents " << searcher.stats().documents << '\n'
                  << "root causes " << searcher.count({.query = "\"root causes\""}).matches << '\n'
                  << "version " << dateline::version() << '\n';
    } catch (const dateline::Error& e) {
        std::cerr << "pkg_config_consumer: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
