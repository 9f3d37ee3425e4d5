#include "adversarial_support.hpp"

#include <fstream>
#include <sstream>
#include <sys/resource.h>

#include <doctest/doctest.h>

namespace dateline::test {

namespace fs = std::filesystem;

CommandResult index_build(std::vector<std::string> args, const std::vector<std::string>& env) {
    args.insert(args.begin(), index_build_exe().string());
    return run(args, {}, env);
}

CommandResult index_search(std::vector<std::string> args) {
    args.insert(args.begin(), index_search_exe().string());
    return run(args);
}

nlohmann::json build_summary(const CommandResult& result) {
    INFO("stdout: " << result.out.substr(0, 2000));
    INFO("stderr: " << result.err.substr(0, 2000));
    auto json = nlohmann::json::parse(result.out, nullptr, false);
    REQUIRE_FALSE(json.is_discarded());
    return json;
}

void write_small_corpus(const fs::path& dir, int count) {
    fs::create_directories(dir);
    for (int i = 0; i < count; ++i) {
        std::ofstream out(dir / (std::string(1, static_cast<char>('a' + i)) + ".txt"));
        out << "date: 2025-07-0" << (1 + i % 9) << "\n\nReport " << i
            << "\n\nThe kremlin talks went on. Officials met again in round " << i
            << " and talks about the kremlin resumed.\n";
    }
}

fs::path published_generation(const fs::path& index) {
    std::ifstream in(index / "XAPIANDB");
    std::string word;
    std::string name;
    in >> word >> name;
    return index / name;
}

long children_peak_rss_mib() {
    rusage usage{};
    ::getrusage(RUSAGE_CHILDREN, &usage);
    return usage.ru_maxrss / 1024;
}

}  // namespace dateline::test
