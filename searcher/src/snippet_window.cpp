#include "snippet_window.hpp"

#include <algorithm>
#include <cmath>

namespace dateline::detail {

MatchWindow best_window(const std::vector<SnippetMatch>& matches,
                        const std::vector<double>& relevance, std::size_t bytes,
                        std::vector<unsigned>& in_window) {
    in_window.assign(relevance.size(), 0);
    double sum = 0.0;
    double best = -1.0;
    std::size_t best_i = 0;
    std::size_t best_j = 1;
    const auto add = [&](std::size_t k) {
        auto& count = in_window[static_cast<std::size_t>(matches[k].key)];
        sum += std::ldexp(relevance[static_cast<std::size_t>(matches[k].key)],
                          -2 * static_cast<int>(std::min(count, 30u)));
        ++count;
    };
    const auto remove = [&](std::size_t k) {
        auto& count = in_window[static_cast<std::size_t>(matches[k].key)];
        --count;
        sum -= std::ldexp(relevance[static_cast<std::size_t>(matches[k].key)],
                          -2 * static_cast<int>(std::min(count, 30u)));
    };
    std::size_t j = 0;
    for (std::size_t i = 0; i < matches.size(); ++i) {
        while (j < matches.size() && (j == i || matches[j].end - matches[i].start <= bytes)) {
            add(j++);
        }
        if (sum > best + 1e-9 * std::max(1.0, best)) {
            best = sum;
            best_i = i;
            best_j = j;
        }
        remove(i);
    }
    MatchWindow w{best_i, best_j, matches[best_i].start, matches[best_i].end};
    for (std::size_t k = best_i; k < best_j; ++k) w.end = std::max(w.end, matches[k].end);
    return w;
}

}  // namespace dateline::detail
