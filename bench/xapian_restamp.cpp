// Three ways to change one boolean term of documents already in a glass database, for
// the stories' restamps (bench/RESULTS.md, "Session 10"). Run under strace -c or time:
//   xapian_restamp make DIR            2,000 documents of 500 random words, one story term
//   xapian_restamp stored|fresh|delete DIR   changes every other document's story term
//   xapian_restamp check DIR           what a reader sees, to compare the three results
// stored: get_document + remove_term + add_boolean_term (Xapian 1.4 loads every position
// list first); fresh: a document built again from its data; delete: delete_document, then
// the fresh document at the same docid.
#include <cstdio>
#include <functional>
#include <random>
#include <span>
#include <string>

#include <xapian.h>

namespace {

constexpr Xapian::docid kDocuments = 2000;

Xapian::Document fresh(Xapian::TermGenerator& generator, const std::string& text) {
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(text);
    doc.add_boolean_term("Snew");
    doc.set_data(text);
    return doc;
}

std::string old_story(Xapian::docid did) { return "Sold" + std::to_string(did % 50); }

int check(const std::string& path) {
    const Xapian::Database db(path);
    std::size_t digest = 0;
    for (Xapian::docid did = 1; did <= db.get_lastdocid(); ++did) {
        std::string seen = db.get_document(did).get_data();
        for (auto t = db.termlist_begin(did); t != db.termlist_end(did); ++t) {
            seen += " " + *t + ":" + std::to_string(t.get_wdf());
            for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
                seen += "," + std::to_string(*p);
        }
        digest = digest * 31 + std::hash<std::string>{}(seen);
    }
    std::printf("documents %u, Snew %u, digest %016zx\n", db.get_doccount(),
                db.get_termfreq("Snew"), digest);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: xapian_restamp make|stored|fresh|delete|check DIR\n");
        return 2;
    }
    const std::span<char*> args(argv, static_cast<std::size_t>(argc));
    const std::string mode = args[1];
    const std::string path = args[2];
    if (mode == "check") return check(path);
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("en"));
    if (mode == "make") {
        Xapian::WritableDatabase db(path,
                                    Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
        std::mt19937 words(1);
        for (Xapian::docid did = 1; did <= kDocuments; ++did) {
            std::string text;
            for (int w = 0; w < 500; ++w) text += "w" + std::to_string(words() % 20000) + " ";
            Xapian::Document doc;
            generator.set_document(doc);
            generator.index_text(text);
            doc.add_boolean_term(old_story(did));
            doc.set_data(text);
            db.add_document(doc);
        }
        db.commit();
        return 0;
    }
    Xapian::WritableDatabase db(path, Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
    for (Xapian::docid did = 1; did <= kDocuments; did += 2) {
        if (mode == "stored") {
            Xapian::Document doc = db.get_document(did);
            doc.remove_term(old_story(did));
            doc.add_boolean_term("Snew");
            db.replace_document(did, doc);
        } else if (mode == "fresh" || mode == "delete") {
            const Xapian::Document doc = fresh(generator, db.get_document(did).get_data());
            if (mode == "delete") db.delete_document(did);
            db.replace_document(did, doc);
        } else {
            std::fprintf(stderr, "xapian_restamp: unknown mode %s\n", mode.c_str());
            return 2;
        }
    }
    db.commit();
    return 0;
}
