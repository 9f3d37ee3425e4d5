// The search page in a real browser: Debian's Chromium, headless, loads the page, submits
// the search form (a GET form: the URL the browser builds from its fields), follows a date
// facet link and checks the hits; then takes a screenshot into the build directory.
// Not a doctest binary: when Chromium is missing it exits 77, which CTest reports as
// skipped (SKIP_RETURN_CODE), never as passed.
#include <algorithm>
#include <array>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <span>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

#include "serve_client.hpp"
#include "test_support.hpp"

namespace {

using namespace dateline::test;

constexpr int kSkipped = 77;
int g_failures = 0;

void check(bool ok, const std::string& what) {
    std::cout << (ok ? "ok: " : "FAILED: ") << what << '\n';
    if (!ok) ++g_failures;
}

// $DATELINE_CHROMIUM names another browser binary (and lets the skip be tried).
std::string find_chromium() {
    if (const char* chosen = std::getenv("DATELINE_CHROMIUM")) {
        return ::access(chosen, X_OK) == 0 ? chosen : "";
    }
    for (const char* name :
         {"/usr/bin/chromium", "/usr/bin/chromium-headless-shell", "/usr/lib/chromium/chromium"}) {
        if (::access(name, X_OK) == 0) return name;
    }
    return {};
}

std::vector<std::string> chromium_args(const std::string& chromium, const TempDir& profile) {
    // Root in CI: Chromium's sandbox refuses to run as root without --no-sandbox.
    return {"/usr/bin/timeout",
            "120",
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--user-data-dir=" + (profile.path() / "profile").string(),
            "--window-size=1200,1000"};
}

std::string dump_dom(const std::string& chromium, const TempDir& profile, const std::string& url) {
    auto argv = chromium_args(chromium, profile);
    argv.emplace_back("--dump-dom");
    argv.push_back(url);
    const auto r = run(argv);
    if (r.exit_code != 0) std::cout << "chromium exited " << r.exit_code << ": " << r.err << '\n';
    return r.out;
}

int count(const std::string& text, const std::string& needle) {
    int n = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
    return n;
}

std::string unescape_attribute(std::string s) {
    for (auto at = s.find("&amp;"); at != std::string::npos; at = s.find("&amp;", at + 1)) {
        s.replace(at, 5, "&");
    }
    return s;
}

}  // namespace

int main(int argc, char* argv[]) {
    const std::span<char*> args(argv, static_cast<std::size_t>(argc));
    const std::string screenshot = args.size() > 1 ? args[1] : "server_browser_test.png";
    const auto chromium = find_chromium();
    if (chromium.empty()) {
        std::cout << "SKIPPED: chromium is not installed (apt-get install chromium; "
                     "scripts/packages.txt lists it)\n";
        return kSkipped;
    }
    try {
        RunningServer server({"--index", shipped_index().string(), "--workers", "2"});
        const auto base = "http://127.0.0.1:" + std::to_string(server.port());
        TempDir profile;

        // 1. The empty page: a GET form to / with a text field q.
        const auto home = dump_dom(chromium, profile, base + "/");
        check(home.find(R"(<form id="search" method="get" action="/")") != std::string::npos,
              "the page has the search form (GET to /)");
        check(home.find("name=\"q\"") != std::string::npos, "the form has a q field");
        check(count(home, "class=\"hit\"") == 0, "the empty page shows no hits");

        // 2. Submitting it: a GET form sends its fields URL-encoded, '+' for spaces, the
        // select's chosen value and no unchecked checkbox. Grouped by story (the default),
        // the five reports of the call are one hit that names its other outlets.
        const auto grouped = dump_dom(chromium, profile, base + "/?q=putin+trump&sort=relevance");
        check(count(grouped, "class=\"hit\"") == 1, "grouped, the five reports are one hit");
        check(grouped.find("+4 more reports") != std::string::npos,
              "the hit says its story has four more reports");
        check(grouped.find("value=\"putin trump\"") != std::string::npos,
              "the search box keeps the query");
        const std::regex story_link(R"re(<a class="story-link" href="([^"]+)">)re");
        std::smatch m;
        std::string story_href;
        if (std::regex_search(grouped, m, story_link)) story_href = unescape_attribute(m[1]);
        check(!story_href.empty(), "the story links its every report: " + story_href);
        const auto story = dump_dom(chromium, profile, base + story_href);
        check(count(story, "class=\"hit\"") == 5, "the story's page lists its five reports");

        // The "every report" checkbox sends collapse=0: one hit per report.
        const auto results =
            dump_dom(chromium, profile, base + "/?q=putin+trump&sort=relevance&collapse=0");
        const auto api =
            http_request(server.port(), "/api/search?q=putin+trump&sort=relevance&collapse=0");
        const std::regex total(R"("estimated":([0-9]+))");
        const int expected =
            std::regex_search(api.body, m, total) ? std::min(10, std::stoi(m[1])) : -1;
        check(expected > 1, "the API finds several reports for putin trump");
        check(count(results, "class=\"hit\"") == expected,
              "the page shows the API's hits (" + std::to_string(expected) + ")");
        check(count(results, "<mark>") >= expected, "every hit has a highlighted snippet");
        check(results.find("<svg class=\"histogram\"") != std::string::npos,
              "the date histogram is drawn");

        // 3. Following a date facet link.
        const std::regex facet(
            R"re(<a class="facet" href="([^"]+)">(\d{4}-\d{2})</a> <span class="count">(\d+)</span>)re");
        std::string href;
        int facet_count = 0;
        std::string month;
        if (std::regex_search(results, m, facet)) {
            href = unescape_attribute(m[1]);
            month = m[2];
            facet_count = std::stoi(m[3]);
        }
        check(!href.empty(), "the page links a date facet: " + href);
        const auto filtered = dump_dom(chromium, profile, base + href);
        check(count(filtered, "class=\"hit\"") == std::min(10, facet_count),
              "the facet's page shows its " + std::to_string(facet_count) + " hits");
        check(count(filtered, "<span class=\"date\">" + month) == std::min(10, facet_count),
              "every hit on it is from " + month);
        check(filtered.find("id=\"filters\"") != std::string::npos,
              "the active filter is shown with a remove link");

        // 4. A picture of it, for people.
        std::filesystem::remove(screenshot);
        auto shot = chromium_args(chromium, profile);
        shot.push_back("--screenshot=" + screenshot);
        shot.push_back(base + "/?q=putin+trump&date_facet=day");
        const auto r = run(shot);
        std::ifstream png(screenshot, std::ios::binary);
        std::array<char, 4> magic{};
        png.read(magic.data(), magic.size());
        check(r.exit_code == 0 && std::string_view(magic.data(), magic.size()).substr(1) == "PNG" &&
                  std::filesystem::file_size(screenshot) > 10000,
              "screenshot written: " + std::filesystem::absolute(screenshot).string());
        check(server.stop(SIGTERM) == 0, "index-serve exits 0 on SIGTERM");
    } catch (const std::exception& e) {
        check(false, std::string("exception: ") + e.what());
    }
    std::cout << (g_failures == 0 ? "passed\n" : "failed\n");
    return g_failures == 0 ? 0 : 1;
}
