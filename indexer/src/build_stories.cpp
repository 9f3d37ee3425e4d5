// Story grouping around the inputs: the base generation's stories in, each new report
// placed, and the corrections a later report's joining of two stories calls for.
#include <dateline/calendar_date.hpp>
#include <dateline/errors.hpp>
#include <dateline/schema.hpp>

#include "build.hpp"

namespace dateline::detail {

void Build::load_stories() {
    // Three value streams walked by docid: no document is read whole.
    std::vector<std::string> ids(m_previous->get_lastdocid() + 1);
    std::vector<std::string> stories(ids.size());
    const auto read = [&](unsigned slot, std::vector<std::string>& out) {
        for (auto it = m_previous->valuestream_begin(slot); it != m_previous->valuestream_end(slot);
             ++it) {
            out[it.get_docid()] = *it;
        }
    };
    read(schema::slot::kId, ids);
    read(schema::slot::kStory, stories);
    const unsigned slot = schema::slot::kStorySignature;
    for (auto it = m_previous->valuestream_begin(slot); it != m_previous->valuestream_end(slot);
         ++it) {
        const Xapian::docid docid = it.get_docid();
        auto signature = StorySignature::decode(*it);
        if (!signature || stories[docid].empty()) {
            throw IndexCorruptError("document " + ids[docid] +
                                    " has no readable story signature; run index-build --rebuild");
        }
        m_stories.add_existing(ids[docid], stories[docid], std::move(*signature));
    }
}

StoryFields Build::place_story(const StoredDocument& doc) {
    std::optional<std::int32_t> day;
    if (doc.date) {
        if (const auto date = parse_iso_date(*doc.date)) {
            day = static_cast<std::int32_t>(date->days_since_epoch());
        }
    }
    StorySignature signature = make_story_signature(doc.title.value_or(""), doc.text, day);
    std::string encoded = signature.encode();
    return {m_stories.place(doc.id, std::move(signature)), std::move(encoded)};
}

void Build::settle_stories() {
    std::vector<GenerationWriter::Restamp> restamps;
    for (auto& change : m_stories.finish()) {
        restamps.push_back({std::move(change.id), std::move(change.written),
                            std::move(change.story), change.existing});
    }
    if (!restamps.empty()) {
        m_writer->restamp(restamps, [this] {
            auto builder = std::make_unique<DocumentBuilder>();
            builder->use_source_aliases(&m_sources);
            return builder;
        });
    }
    m_report.stories = m_stories.stories();
}

}  // namespace dateline::detail
