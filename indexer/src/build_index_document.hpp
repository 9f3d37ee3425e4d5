/// @file
/// Build::index_document(), the shared tail of every document input; a template, so
/// each file of inputs (build_inputs.cpp, build_web_inputs.cpp) instantiates its own.
#pragma once

#include <dateline/schema.hpp>
#include <dateline/word_splitter.hpp>

#include "build.hpp"
#include "document_builder.hpp"

namespace dateline::detail {

template <typename Extract>
void Build::index_document(InputReport report, const std::string& id, const std::string& input_hash,
                           const std::optional<std::string>& origin, Extract&& extract) {
    report.id = id;
    const std::string hash = hash_with_sources(input_hash, m_sources);
    if (m_produced.contains(id)) {
        reject(std::move(report), "duplicate_id", "an earlier input has the same id");
        return;
    }
    const std::string id_term = schema::make_term(schema::prefix::kId, id);
    bool existed = false;
    if (m_previous) {
        const auto posting = m_previous->postlist_begin(id_term);
        if (posting != m_previous->postlist_end(id_term)) {
            existed = true;
            const Xapian::Document old = m_previous->get_document(*posting);
            if (old.get_value(schema::slot::kContentHash) == hash &&
                old.get_value(schema::slot::kOriginPath) == origin.value_or("")) {
                m_produced.insert(id);
                report.outcome = InputOutcome::kUnchanged;
                add(std::move(report));
                return;
            }
        }
    }

    std::optional<StoredDocument> doc = extract(report);
    if (!doc) return;  // extract() rejected it
    doc->id = id;
    apply_source_alias(m_sources, *doc);
    const std::size_t long_words = words::count_long_words(
        doc->title.value_or("") + "\n" + doc->text + "\n" + doc->author.value_or(""),
        schema::kMaxWordBytes);
    if (long_words > 0)
        report.warnings.push_back("dropped_long_words: " + std::to_string(long_words));
    doc->warnings = report.warnings;

    const StoryFields story = place_story(*doc);
    m_writer->put(id_term, id, m_builder.build(*doc, hash, origin, story), doc->text.size(),
                  /*replaces=*/existed);
    m_produced.insert(id);
    report.outcome = existed ? InputOutcome::kReplaced : InputOutcome::kIndexed;
    add(std::move(report));
}

}  // namespace dateline::detail
