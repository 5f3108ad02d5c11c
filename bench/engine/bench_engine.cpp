// Budget (issue 2): reading 200 model classes and diffing two versions in <= 30 ms.
//
// Generates a realistic SQLModel project in memory (a base module with a mixin, an enum,
// modules of table classes with foreign keys, indexes, unique fields, sa_column server
// defaults), and a second version with columns added, types and nullability changed and a
// table added. Measures extract(v1) + extract(v2) + diff, median of several runs.
//
//   bench_engine [classes] [runs]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "mig_guard/models/extract.hpp"
#include "mig_guard/schema/diff.hpp"

using namespace mig_guard;

namespace {

SourceFiles generate(int classes, bool changed) {
    SourceFiles files;
    files.push_back({"app/__init__.py", ""});
    files.push_back({"app/models/base.py",
                     "import enum\nfrom datetime import datetime\nfrom typing import Optional\n\n"
                     "from sqlalchemy import Column, DateTime, func\nfrom sqlmodel import Field, SQLModel\n\n\n"
                     "class Status(str, enum.Enum):\n    active = \"active\"\n    archived = \"archived\"\n\n\n"
                     "class TimestampMixin(SQLModel):\n    id: Optional[int] = Field(default=None, primary_key=True)\n"
                     "    created_at: Optional[datetime] = Field(\n"
                     "        default=None,\n"
                     "        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False),\n"
                     "    )\n"});
    const int per_module = 10;
    std::string init = "from .base import Status, TimestampMixin\n";
    for (int m = 0; m * per_module < classes; ++m) {
        std::string src =
            "\"\"\"Generated models, module " + std::to_string(m) +
            ".\"\"\"\nfrom decimal import Decimal\nfrom typing import Optional\nimport uuid\n\n"
            "from sqlmodel import Field, SQLModel\n\nfrom .base import Status, TimestampMixin\n";
        for (int c = m * per_module; c < std::min(classes, (m + 1) * per_module); ++c) {
            std::string name = "Entity" + std::to_string(c);
            src += "\n\nclass " + name + "(TimestampMixin, table=True):\n";
            src += "    \"\"\"A generated table.\"\"\"\n\n";
            src += "    __tablename__ = \"entity_" + std::to_string(c) + "\"\n\n";
            src += "    name: str = Field(max_length=" + std::string(changed && c % 7 == 0 ? "200" : "120") +
                   ", index=True)\n";
            src += "    slug: str = Field(max_length=80, unique=True)\n";
            src += "    description: Optional[str] = None\n";
            src += "    price: Decimal = Field(default=0, max_digits=10, decimal_places=2)\n";
            src += "    status: Status = Field(default=Status.active)\n";
            src += "    external_id: uuid.UUID = Field(default_factory=uuid.uuid4)\n";
            src += std::string("    active: ") + (changed && c % 5 == 0 ? "Optional[bool] = None" : "bool = True") +
                   "\n";
            if (c > 0)
                src += "    parent_id: Optional[int] = Field(default=None, foreign_key=\"entity_" +
                       std::to_string(c - 1) + ".id\", ondelete=\"CASCADE\")\n";
            if (changed && c % 3 == 0) src += "    priority: int = Field(default=0, index=True)\n";
        }
        files.push_back({"app/models/module_" + std::to_string(m) + ".py", src});
        init += "from .module_" + std::to_string(m) + " import *  # noqa: F401,F403\n";
    }
    if (changed)
        files.push_back({"app/models/audit.py",
                         "from typing import Optional\nfrom sqlmodel import Field, SQLModel\n\n\n"
                         "class AuditLog(SQLModel, table=True):\n"
                         "    id: Optional[int] = Field(default=None, primary_key=True)\n"
                         "    message: str\n"});
    files.push_back({"app/models/__init__.py", init});
    return files;
}

double ms_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
    int classes = argc > 1 ? std::atoi(argv[1]) : 200;
    int runs = argc > 2 ? std::atoi(argv[2]) : 15;
    SourceFiles v1 = generate(classes, false);
    SourceFiles v2 = generate(classes, true);
    size_t bytes = 0;
    for (const auto& f : v1) bytes += f.content.size();

    models::ExtractOptions options;
    options.versions =
        models::detect_library_versions({{"requirements.txt", "sqlmodel==0.0.22\nsqlalchemy==2.0.36\n"}});
    std::vector<double> times;
    size_t tables = 0, ops = 0, errors = 0;
    Diagnostics first_errors;
    for (int r = 0; r < runs; ++r) {
        auto t0 = std::chrono::steady_clock::now();
        auto a = models::extract_models(v1, options);
        auto b = models::extract_models(v2, options);
        auto changes = schema::diff(a.schema, b.schema);
        times.push_back(ms_since(t0));
        tables = a.schema.tables.size();
        ops = changes.size();
        errors = 0;
        first_errors.clear();
        for (const auto* result : {&a, &b})
            for (const auto& d : result->diagnostics)
                if (d.severity == Severity::error) {
                    ++errors;
                    first_errors.push_back(d);
                }
    }
    std::sort(times.begin(), times.end());
    double median = times[times.size() / 2];
    std::printf("engine: %d model classes (%zu KiB) x 2 versions, extract + diff: median %.2f ms, min %.2f ms "
                "over %d runs (budget <= 30 ms) -> %zu tables, %zu ops\n",
                classes, bytes / 1024, median, times.front(), runs, tables, ops);
    if (tables < static_cast<size_t>(classes) || ops == 0 || errors != 0) {
        std::fprintf(stderr, "bench_engine: the generated project did not read as expected "
                             "(%zu tables, %zu ops, %zu errors)\n", tables, ops, errors);
        for (const auto& d : first_errors) std::fprintf(stderr, "%s\n", d.str().c_str());
        return 1;
    }
    return 0;
}
