/// @file
/// Metadata a web page, feed item or WARC record states, as candidates in precedence
/// order, each with the provenance it is stored with. extract_metadata() takes the
/// first usable one of each field.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <dateline/schema.hpp>
#include <dateline/stored_document.hpp>

namespace dateline::detail {

template <typename Origin>
struct SourcedValue {
    std::string value;  ///< raw (cleaned and parsed by the extractor)
    Origin origin;
};

struct WebFields {
    std::vector<SourcedValue<TitleSource>> titles;
    std::vector<SourcedValue<schema::DateSource>> dates;  ///< the first that parses wins
    std::vector<SourcedValue<SourceOrigin>> sources;      ///< before the folder rule
    std::vector<SourcedValue<FieldOrigin>> urls;
    std::vector<SourcedValue<FieldOrigin>> authors;
};

}  // namespace dateline::detail
