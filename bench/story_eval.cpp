// Story grouping quality against planted truth (bench/gen_stories), and the pair
// similarities the thresholds are read from (docs/STORIES.md).
//
//   story_eval score INDEX TRUTH.tsv     pairwise precision and recall of INDEX's stories
//   story_eval time ROOT                 CPU time of the grouping alone (signatures, candidate
//                                        lookup, union-find) over ROOT's reports, to set
//                                        against index-build's time on the same corpus
//   story_eval group ROOT TRUTH.tsv [reverse]
//                                        the same score for the grouping index-build would
//                                        make of ROOT, computed in memory; `reverse` places
//                                        the reports in reverse path order
//   story_eval pairs ROOT [TRUTH.tsv]    similarities of report pairs up to 7 days apart:
//                                        with truth, histograms for same-story and
//                                        other-story pairs; without, every pair
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include <dateline/calendar_date.hpp>
#include <dateline/normalize.hpp>
#include <dateline/schema.hpp>

#include "metadata_extractor.hpp"
#include "story_index.hpp"
#include "story_similarity.hpp"

namespace fs = std::filesystem;
using namespace dateline;

namespace {

std::unordered_map<std::string, std::string> read_truth(const std::string& path) {
    std::unordered_map<std::string, std::string> truth;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string id;
        std::string story;
        if (std::getline(fields, id, '\t') && std::getline(fields, story, '\t')) truth[id] = story;
    }
    return truth;
}

double pairs_of(std::uint64_t n) { return static_cast<double>(n) * static_cast<double>(n - 1) / 2; }

/// Pairwise precision and recall of a grouping (report id → story id) against the truth.
int score_grouping(const std::vector<std::pair<std::string, std::string>>& grouping,
                   const std::unordered_map<std::string, std::string>& truth) {
    std::map<std::string, std::uint64_t> predicted;
    std::map<std::string, std::uint64_t> planted;
    std::map<std::pair<std::string, std::string>, std::uint64_t> both;
    std::uint64_t reports = 0;
    std::uint64_t unlabelled = 0;
    for (const auto& [id, story] : grouping) {
        const auto label = truth.find(id);
        if (label == truth.end()) {
            ++unlabelled;
            continue;
        }
        ++reports;
        ++predicted[story];
        ++planted[label->second];
        ++both[{story, label->second}];
    }
    double tp = 0;
    double predicted_pairs = 0;
    double planted_pairs = 0;
    for (const auto& [k, n] : both) tp += pairs_of(n);
    for (const auto& [k, n] : predicted) predicted_pairs += pairs_of(n);
    for (const auto& [k, n] : planted) planted_pairs += pairs_of(n);
    const double precision = predicted_pairs > 0 ? tp / predicted_pairs : 1.0;
    const double recall = planted_pairs > 0 ? tp / planted_pairs : 1.0;
    std::printf(
        "reports %llu (unlabelled %llu) stories %zu planted %zu pairs %.0f planted_pairs %.0f "
        "precision %.4f recall %.4f\n",
        static_cast<unsigned long long>(reports), static_cast<unsigned long long>(unlabelled),
        predicted.size(), planted.size(), predicted_pairs, planted_pairs, precision, recall);
    return 0;
}

int score(const std::string& index, const std::string& truth_path) {
    Xapian::Database db(index);
    std::vector<std::pair<std::string, std::string>> grouping;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        const Xapian::Document doc = db.get_document(*it);
        grouping.emplace_back(doc.get_value(schema::slot::kId),
                              doc.get_value(schema::slot::kStory));
    }
    return score_grouping(grouping, read_truth(truth_path));
}

struct Report {
    std::string id;
    std::string label;
    detail::StorySignature signature;
    std::string title;  // kept for `time`, which signs the reports itself
    std::string text;
    std::optional<std::int32_t> day;
};

std::vector<Report> read_reports(const fs::path& root,
                                 const std::unordered_map<std::string, std::string>& truth) {
    std::vector<Report> reports;
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (entry.is_regular_file() && entry.path().extension() == ".txt")
            files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        std::stringstream bytes;
        bytes << in.rdbuf();
        const auto doc =
            detail::extract_metadata(normalize_text(bytes.str()), detail::ExtractOptions{});
        std::optional<std::int32_t> day;
        if (doc.date) {
            if (auto date = parse_iso_date(*doc.date))
                day = static_cast<std::int32_t>(date->days_since_epoch());
        }
        Report r;
        r.id = fs::relative(file, root).string();
        const auto label = truth.find(r.id);
        r.label = label == truth.end() ? "" : label->second;
        r.signature = detail::make_story_signature(doc.title.value_or(""), doc.text, day);
        r.title = doc.title.value_or("");
        r.text = doc.text;
        r.day = day;
        reports.push_back(std::move(r));
    }
    return reports;
}

double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

int time_grouping(const std::string& root) {
    const auto reports = read_reports(root, {});
    constexpr int kRounds = 3;
    double best = 1e100;
    std::uint64_t stories = 0;
    for (int round = 0; round < kRounds; ++round) {
        const double start = cpu_seconds();
        detail::StoryIndex index;
        for (const auto& r : reports) {
            (void)index.place(r.id, detail::make_story_signature(r.title, r.text, r.day));
        }
        (void)index.finish();
        best = std::min(best, cpu_seconds() - start);
        stories = index.stories();
    }
    std::printf("reports %zu stories %llu grouping_cpu_seconds %.3f (best of %d)\n", reports.size(),
                static_cast<unsigned long long>(stories), best, kRounds);
    return 0;
}

// The grouping of index-build without the index: the reports placed in path order (or
// its reverse, to show the grouping does not depend on it), scored against the truth.
int group(const std::string& root, const std::string& truth_path, bool reverse) {
    const auto truth = read_truth(truth_path);
    auto reports = read_reports(root, truth);
    if (reverse) std::reverse(reports.begin(), reports.end());
    detail::StoryIndex index;
    std::unordered_map<std::string, std::string> story;
    for (auto& r : reports) story[r.id] = index.place(r.id, std::move(r.signature));
    const auto changes = index.finish();
    for (const auto& change : changes) story[change.id] = change.story;
    // index-build rewrites these documents after placing every report (restamp).
    std::printf("story ids changed after placement %zu of %zu reports\n", changes.size(),
                story.size());
    std::vector<std::pair<std::string, std::string>> grouping(story.begin(), story.end());
    std::sort(grouping.begin(), grouping.end());
    // Equal digests of two runs: the same story id on every report.
    std::string lines;
    for (const auto& [id, s] : grouping) lines.append(id).append("\t").append(s).append("\n");
    std::printf("grouping digest %s\n", detail::new_story_id(lines).c_str());
    return score_grouping(grouping, truth);
}

int pairs(const std::string& root, const std::string& truth_path) {
    const auto truth = truth_path.empty() ? decltype(read_truth("")){} : read_truth(truth_path);
    auto reports = read_reports(root, truth);
    std::sort(reports.begin(), reports.end(), [](const Report& a, const Report& b) {
        return a.signature.day.value_or(0) < b.signature.day.value_or(0);
    });
    const detail::StoryThresholds thresholds;
    constexpr int kBuckets = 20;
    // [same?][measure: 0 cosine, 1 containment][bucket]
    std::uint64_t histogram[2][2][kBuckets + 1] = {};
    std::uint64_t counted[2] = {};
    for (std::size_t i = 0; i < reports.size(); ++i) {
        for (std::size_t j = i + 1; j < reports.size(); ++j) {
            const auto& a = reports[i].signature;
            const auto& b = reports[j].signature;
            if (a.day && b.day && *b.day - *a.day > 7) break;
            const auto s = detail::compare_signatures(a, b, thresholds);
            if (truth.empty()) {
                std::printf("%s %s days %d cosine %.3f jaccard %.3f containment %.3f -> %s\n",
                            reports[i].id.c_str(), reports[j].id.c_str(),
                            a.day && b.day ? *b.day - *a.day : -1, s.cosine, s.jaccard,
                            s.containment,
                            detail::same_story(s, a, b, thresholds) ? "same" : "other");
                continue;
            }
            const int same = reports[i].label == reports[j].label ? 1 : 0;
            ++counted[same];
            ++histogram[same][0][static_cast<int>(s.cosine * kBuckets)];
            ++histogram[same][1][static_cast<int>(s.containment * kBuckets)];
        }
    }
    if (truth.empty()) return 0;
    std::printf("pairs up to 7 days apart: same story %llu, other stories %llu\n",
                static_cast<unsigned long long>(counted[1]),
                static_cast<unsigned long long>(counted[0]));
    std::printf("%-10s %12s %12s %12s %12s\n", "from", "cos same", "cos other", "cont same",
                "cont other");
    for (int b = 0; b <= kBuckets; ++b) {
        std::printf("%-10.2f %12llu %12llu %12llu %12llu\n", static_cast<double>(b) / kBuckets,
                    static_cast<unsigned long long>(histogram[1][0][b]),
                    static_cast<unsigned long long>(histogram[0][0][b]),
                    static_cast<unsigned long long>(histogram[1][1][b]),
                    static_cast<unsigned long long>(histogram[0][1][b]));
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::span<char*> command_line(argv, static_cast<std::size_t>(argc));
    const std::vector<std::string> args(std::next(command_line.begin()), command_line.end());
    try {
        if (args.size() == 3 && args[0] == "score") return score(args[1], args[2]);
        if ((args.size() == 3 || (args.size() == 4 && args[3] == "reverse")) && args[0] == "group")
            return group(args[1], args[2], args.size() == 4);
        if (args.size() == 2 && args[0] == "time") return time_grouping(args[1]);
        if ((args.size() == 2 || args.size() == 3) && args[0] == "pairs")
            return pairs(args[1], args.size() == 3 ? args[2] : "");
    } catch (const Xapian::Error& e) {
        std::cerr << "story_eval: " << e.get_description() << '\n';
        return 2;
    }
    std::cerr << "usage: story_eval score INDEX TRUTH.tsv | story_eval group ROOT TRUTH.tsv "
                 "[reverse] | story_eval time ROOT | story_eval pairs ROOT [TRUTH.tsv]\n";
    return 2;
}
