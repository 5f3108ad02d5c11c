#include <gtest/gtest.h>

#include "mig_guard/models/extract.hpp"

using namespace mig_guard;
using models::Version;

TEST(Version, Parse) {
    EXPECT_EQ(Version::parse("0.0.8"), (Version{0, 0, 8}));
    EXPECT_EQ(Version::parse("2.0"), (Version{2, 0, 0}));
    EXPECT_EQ(Version::parse("1.4.46.post1"), (Version{1, 4, 46}));
    EXPECT_FALSE(Version::parse("abc"));
    EXPECT_EQ((Version{0, 0, 22}).str(), "0.0.22");
}

TEST(DetectVersions, DefaultsWithoutPins) {
    auto v = models::detect_library_versions({});
    EXPECT_EQ(v.sqlmodel, (Version{0, 0, 22}));
    EXPECT_EQ(v.sqlalchemy.major, 2);
    EXPECT_EQ(v.source, "default");
}

TEST(DetectVersions, RequirementsLowestAdmitted) {
    auto v = models::detect_library_versions(
        {{"requirements.txt", "flask-sqlalchemy==3.0\nsqlmodel>=0.0.8,<0.1\nSQLAlchemy[asyncio]~=1.4.41\n"}});
    EXPECT_EQ(v.sqlmodel, (Version{0, 0, 8}));
    EXPECT_EQ(v.sqlalchemy, (Version{1, 4, 41}));
    EXPECT_EQ(v.pydantic.major, 1);
    EXPECT_EQ(v.source, "requirements.txt");
}

TEST(DetectVersions, PoetryCaretAndLockWins) {
    auto v = models::detect_library_versions(
        {{"pyproject.toml", "[tool.poetry.dependencies]\nsqlmodel = \"^0.0.14\"\nsqlalchemy = {version = \"^2.0.1\"}\n"},
         {"poetry.lock", "[[package]]\nname = \"sqlmodel\"\nversion = \"0.0.16\"\n\n[[package]]\nname = \"other\"\nversion = \"9\"\n"}});
    EXPECT_EQ(v.sqlmodel, (Version{0, 0, 16}));
    EXPECT_EQ(v.sqlalchemy, (Version{2, 0, 1}));
}

TEST(DetectVersions, PipfileLock) {
    auto v = models::detect_library_versions(
        {{"Pipfile.lock", R"({"default": {"sqlalchemy": {"hashes": [], "version": "==1.4.46"}}})"}});
    EXPECT_EQ(v.sqlalchemy, (Version{1, 4, 46}));
}
