#include "searcher_fixture.hpp"

#include <cstdio>
#include <fstream>
#include <stdexcept>

#include <xapian.h>

#include <dateline/calendar_date.hpp>
#include <dateline/display_fields.hpp>
#include <dateline/normalize.hpp>
#include <dateline/schema.hpp>
#include <dateline/stored_document.hpp>

namespace dateline::test {
namespace {

// The synonym groups the fixture needs, as data/synonyms.tsv spells them.
const std::vector<std::vector<std::string>> kSynonymGroups = {
    {"Zelensky", "Zelenskyy", "Zelenskiy", "Zelenskii", "Selenskyj"},
    {"Kyiv", "Kiev"},
};

void add_synonyms(Xapian::WritableDatabase& db, const Xapian::Stem& stem) {
    for (const auto& group : kSynonymGroups) {
        for (const auto& a : group) {
            for (const auto& b : group) {
                if (a == b) continue;
                const auto la = fold_case(a);
                const auto lb = fold_case(b);
                db.add_synonym(la, lb);
                db.add_synonym("Z" + stem(la), "Z" + stem(lb));
            }
        }
    }
}

std::string generation_name(std::uint64_t generation) {
    char name[32];
    std::snprintf(name, sizeof name, "gen-%06llu", static_cast<unsigned long long>(generation));
    return name;
}

}  // namespace

std::vector<FixtureDoc> fixture_docs() {
    return {
        {"a.txt", "Trump, Putin hold tense call", "2025-07-04", "The Moscow Times",
         "President Trump said his call with Russian President Putin made no progress. Putin "
         "cited the \u201croot causes\u201d of the war. Ukrainian President Zelenskyy hoped to "
         "speak with Trump."},
        {"b.txt", "Kremlin sends July 4th wishes", "2025-07-03", "ZeroHedge",
         "Russian Foreign Minister Sergey Lavrov sent a message to Washington. Trump will speak "
         "to Ukrainian President Zelensky on Friday. Iran was discussed & so was trade."},
        {"c.txt", std::nullopt, "2025-06-14", "TASS",
         "Putin and Trump last spoke by phone on June 14. They discussed Iran and Israel."},
        {"d.txt", "An old report from Kiev", "2024-12-31", "TASS",
         "Drone attacks on Kiev continued through the winter. Officials reported damage."},
        {"e.txt", "Undated commentary on progress", std::nullopt, "unknown",
         "Commentary: no progress toward peace in Ukraine; weapons shipments paused."},
        {"f.txt", "Wildcard fodder", "2025-07-01", "Reuters",
         "ukraine ukrainian ukrainians ukrainefront weapon weapons weaponry"},
    };
}

void build_fixture_index(const std::filesystem::path& index_dir,
                         const std::vector<FixtureDoc>& docs, std::uint64_t generation,
                         const std::string& schema_version) {
    std::filesystem::create_directories(index_dir);
    const auto name = generation_name(generation);
    const auto tmp = index_dir / ("tmp-fixture-" + name);
    std::filesystem::remove_all(tmp);
    {
        Xapian::WritableDatabase db(tmp.string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
        const Xapian::Stem stem{std::string(schema::kStemLanguage)};
        Xapian::TermGenerator tg;
        tg.set_stemmer(stem);
        tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
        tg.set_database(db);
        tg.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
        tg.set_max_word_length(schema::kMaxWordBytes);
        for (const auto& d : docs) {
            StoredDocument stored;
            stored.id = d.id;
            stored.path = d.id;
            stored.title = d.title;
            stored.title_source = d.title ? TitleSource::kHeader : TitleSource::kNone;
            stored.date = d.date;
            stored.date_source = d.date ? schema::DateSource::kHeader : schema::DateSource::kNone;
            stored.source = d.source;
            stored.source_origin = SourceOrigin::kHeader;
            stored.text = normalize_text(d.text);

            Xapian::Document doc;
            tg.set_document(doc);
            if (d.title) {
                const auto title = normalize_text(*d.title);
                tg.index_text(title, 1, std::string(schema::prefix::kTitle));
                tg.index_text(title, schema::kTitleWeight);
                tg.increase_termpos(100);
            }
            tg.index_text(stored.text);
            doc.add_boolean_term(schema::make_term(schema::prefix::kId, d.id));
            doc.add_boolean_term(
                schema::make_term(schema::prefix::kSource, schema::source_key(d.source)));
            doc.add_boolean_term(schema::make_term(schema::prefix::kDateSource,
                                                   schema::to_string(stored.date_source)));
            doc.add_value(schema::slot::kSource, d.source);
            doc.add_value(schema::slot::kId, d.id);
            doc.add_value(schema::slot::kOriginPath, "/fixture/" + d.id);
            if (d.date) {
                const auto date = parse_iso_date(*d.date);
                if (!date) throw std::runtime_error("bad fixture date " + *d.date);
                const auto compact = date->compact();
                doc.add_boolean_term(schema::make_term(schema::prefix::kDay, compact));
                doc.add_boolean_term(
                    schema::make_term(schema::prefix::kMonth, compact.substr(0, 6)));
                doc.add_boolean_term(
                    schema::make_term(schema::prefix::kYear, compact.substr(0, 4)));
                doc.add_value(schema::slot::kDate, compact);
                doc.add_value(
                    schema::slot::kDayNumber,
                    Xapian::sortable_serialise(static_cast<double>(date->days_since_epoch())));
            }
            doc.add_value(schema::slot::kDisplay, DisplayFields::of(stored).encode());
            doc.set_data(stored.encode());
            db.replace_document(schema::make_term(schema::prefix::kId, d.id), doc);
        }
        add_synonyms(db, stem);
        db.set_metadata(std::string(schema::metadata::kSchemaVersion), schema_version);
        db.set_metadata(std::string(schema::metadata::kGeneration), std::to_string(generation));
        db.set_metadata(std::string(schema::metadata::kBuiltAt), "2025-07-05T00:00:00Z");
        db.set_metadata(std::string(schema::metadata::kBuildReport),
                        "{\"documents\":" + std::to_string(docs.size()) + "}");
        db.commit();
    }
    std::filesystem::remove_all(index_dir / name);
    std::filesystem::rename(tmp, index_dir / name);
    {
        std::ofstream stub(index_dir / "XAPIANDB.tmp", std::ios::trunc);
        stub << "auto " << name << '\n';
    }
    std::filesystem::rename(index_dir / "XAPIANDB.tmp", index_dir / "XAPIANDB");
}

}  // namespace dateline::test
