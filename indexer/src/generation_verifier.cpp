#include "generation_verifier.hpp"

#include <xapian.h>

#include <dateline/errors.hpp>
#include <dateline/generation_files.hpp>
#include <dateline/index_layout.hpp>
#include <dateline/stored_document.hpp>

#include "generation_store.hpp"

namespace dateline::detail {

namespace fs = std::filesystem;

namespace {

constexpr Xapian::doccount kSampledDocuments = 64;

[[noreturn]] void damaged(const fs::path& generation_dir, const std::string& what) {
    throw IndexCorruptError("the current generation " + generation_dir.string() +
                            " is damaged: " + what +
                            "; nothing was published. Run index-build --rebuild to build a new "
                            "generation from the sources");
}

}  // namespace

std::vector<fs::path> generation_databases(const fs::path& generation_dir, unsigned shards) {
    std::vector<fs::path> out;
    for (unsigned shard = 0; shard < shards; ++shard) {
        out.push_back(shard_dir(generation_dir, shard, shards));
    }
    if (shards > 1) out.push_back(generation_dir / schema::layout::kTermsName);
    return out;
}

void verify_generation_files(const fs::path& generation_dir, unsigned shards) {
    for (const auto& database : generation_databases(generation_dir, shards)) {
        if (auto damage = schema::find_file_damage(database)) {
            const auto relative = database.lexically_relative(generation_dir).string();
            const std::string what = (relative == "." ? "" : relative + "/") + damage->description;
            if (damage->permission_denied) {
                throw IoError("permission denied: " + generation_dir.string() + ": " + what);
            }
            damaged(generation_dir, what);
        }
    }
}

void verify_documents_decodable(const Xapian::Database& documents, const fs::path& generation_dir) {
    const Xapian::doccount count = documents.get_doccount();
    if (count == 0) return;
    const Xapian::docid last = documents.get_lastdocid();
    const Xapian::docid stride = std::max<Xapian::docid>(1, last / kSampledDocuments);
    auto posting = documents.postlist_begin(std::string());
    Xapian::docid next = 1;
    while (posting != documents.postlist_end(std::string())) {
        const Xapian::docid docid = *posting;
        try {
            static_cast<void>(StoredDocument::decode(documents.get_document(docid).get_data()));
        } catch (const Error& e) {
            damaged(generation_dir, "document " + std::to_string(docid) + ": " + e.what());
        } catch (const Xapian::Error& e) {
            damaged(generation_dir, "document " + std::to_string(docid) + ": " + e.get_msg());
        }
        if (docid == last) break;
        next = docid + stride >= last ? last : docid + stride;
        posting.skip_to(next);
    }
}

void seal_generation(const std::vector<fs::path>& databases) {
    for (const auto& database : databases) schema::write_file_list(database);
}

}  // namespace dateline::detail
