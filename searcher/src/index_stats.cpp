#include "index_stats.hpp"

#include <string>

#include <xapian.h>

#include <dateline/build_totals_record.hpp>
#include <dateline/schema.hpp>
#include <dateline/schema_version.hpp>

#include "stories.hpp"

namespace dateline::detail {

IndexStats index_stats(const IndexHandle& handle) {
    const auto& db = handle.database();
    IndexStats stats;
    stats.path = handle.path();
    stats.documents = db.get_doccount();
    stats.generation = handle.generation();
    // Build metadata is the same in every database of a build: read it from the local
    // terms database when there is one. The schema version is the one the index records:
    // opening checked it against what this program reads, but a reader that accepts more
    // than one version must still say which it found.
    const auto& meta = handle.shards().metadata_source();
    const auto metadata = [&meta](std::string_view key) {
        return meta.get_metadata(std::string(key));
    };
    stats.schema_version =
        schema::parse_schema_version(metadata(schema::metadata::kSchemaVersion)).value_or(0);
    stats.built_at = metadata(schema::metadata::kBuiltAt);
    stats.build_report = schema::decode_build_totals(metadata(schema::metadata::kBuildReport));
    stats.shards = handle.shards().labels();
    stats.failed_shards = handle.shards().failures();
    stats.largest_stories = largest_stories(db, kLargestStories, stats.stories);
    return stats;
}

}  // namespace dateline::detail
