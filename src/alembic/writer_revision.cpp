// The revision file around the ops: template filling, imports, ids, slugs, file names.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>
#include <sstream>

#include "mig_guard/alembic/mako.hpp"
#include "mig_guard/alembic/writer.hpp"
#include "writer_internal.hpp"

namespace mig_guard::alembic {

std::string default_mako_template() {
    return R"MAKO("""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision: str = ${repr(up_revision)}
down_revision: Union[str, Sequence[str], None] = ${repr(down_revision)}
branch_labels: Union[str, Sequence[str], None] = ${repr(branch_labels)}
depends_on: Union[str, Sequence[str], None] = ${repr(depends_on)}


def upgrade() -> None:
    """Upgrade schema."""
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    """Downgrade schema."""
    ${downgrades if downgrades else "pass"}
)MAKO";
}

std::string alembic_1_8_mako_template() {
    return R"MAKO("""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
)MAKO";
}

namespace {

std::string trim(std::string_view s) {
    size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string_view::npos) return {};
    size_t e = s.find_last_not_of(" \t\r");
    return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> split_names(std::string_view list) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : list) {
        if (c == ',') {
            out.push_back(trim(cur));
            cur.clear();
        } else if (c != '(' && c != ')') {
            cur += c;
        }
    }
    out.push_back(trim(cur));
    return out;
}

// A top-level import statement line, comment removed and spaces normalized; empty otherwise.
std::string import_line(std::string_view line) {
    if (!(line.starts_with("import ") || line.starts_with("from "))) return {};
    std::string s(line.substr(0, line.find('#')));
    std::string norm;
    for (char c : s) {
        if (c == ' ' || c == '\t') {
            if (!norm.empty() && norm.back() != ' ') norm += ' ';
        } else {
            norm += c;
        }
    }
    return trim(norm);
}

// Whether the import statement `present` makes the names of `needed` available.
bool satisfies(const std::string& present, const std::string& needed) {
    if (present == needed) return true;
    if (needed.starts_with("import ") && present.starts_with("import ")) {
        std::string want = needed.substr(7);
        bool aliased = want.find(" as ") != std::string::npos;
        for (const auto& item : split_names(std::string_view(present).substr(7))) {
            if (item == want) return true;
            // `import a.b` binds `a` too.
            if (!aliased && item.find(" as ") == std::string::npos && item.starts_with(want + ".")) return true;
        }
        return false;
    }
    if (needed.starts_with("from ") && present.starts_with("from ")) {
        auto split = [](const std::string& s) -> std::pair<std::string, std::string> {
            size_t p = s.find(" import ");
            if (p == std::string::npos) return {};
            return {s.substr(5, p - 5), s.substr(p + 8)};
        };
        auto [nmod, nnames] = split(needed);
        auto [pmod, pnames] = split(present);
        if (nmod.empty() || nmod != pmod) return false;
        auto have = split_names(pnames);
        for (const auto& want : split_names(nnames))
            if (std::find(have.begin(), have.end(), want) == have.end()) return false;
        return true;
    }
    return false;
}

std::vector<std::string> lines_of(std::string_view text) {
    std::vector<std::string> out;
    std::istringstream in{std::string(text)};
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

// Index of the first line after a leading module docstring (0 when there is none).
size_t after_docstring(const std::vector<std::string>& lines) {
    if (lines.empty()) return 0;
    std::string first = trim(lines[0]);
    for (const char* q : {"\"\"\"", "'''"}) {
        if (!first.starts_with(q)) continue;
        if (first.size() >= 6 && first.ends_with(q)) return 1;
        for (size_t i = 1; i < lines.size(); ++i)
            if (lines[i].find(q) != std::string::npos) return i + 1;
        return lines.size();
    }
    return 0;
}

bool imported(const std::vector<std::string>& import_lines, const std::string& needed) {
    for (const auto& l : import_lines)
        if (satisfies(l, needed)) return true;
    return false;
}

}  // namespace

TextResult render_revision(const RevisionHeader& header, const schema::Ops& upgrade, const schema::Ops& downgrade,
                           const std::optional<std::string>& mako_template, std::string_view template_path) {
    RenderedOps up = render_ops(upgrade);
    RenderedOps down = render_ops(downgrade);

    std::set<std::string> needed = up.imports;
    needed.insert(down.imports.begin(), down.imports.end());
    needed.insert(std::string(detail::k_import_op));
    needed.insert(std::string(detail::k_import_sa));

    const std::string tmpl = mako_template ? *mako_template : default_mako_template();
    // Imports the template writes itself are not repeated through ${imports}.
    std::vector<std::string> template_imports;
    for (const auto& l : lines_of(tmpl))
        if (auto imp = import_line(l); !imp.empty()) template_imports.push_back(imp);
    std::string imports;
    for (const auto& imp : needed) {
        if (imported(template_imports, imp)) continue;
        imports += (imports.empty() ? "" : "\n") + imp;
    }

    using mako::Value;
    mako::Context ctx;
    ctx["up_revision"] = Value::string(header.revision);
    const auto& downs = header.down_revisions;
    ctx["down_revision"] = downs.empty() ? Value::none() : downs.size() == 1 ? Value::string(downs[0]) : Value::tuple(downs);
    ctx["branch_labels"] = header.branch_labels.empty() ? Value::none() : Value::tuple(header.branch_labels);
    const auto& deps = header.depends_on;
    ctx["depends_on"] = deps.empty() ? Value::none() : deps.size() == 1 ? Value::string(deps[0]) : Value::list(deps);
    ctx["message"] = Value::string(header.message);
    ctx["create_date"] = Value::datetime(header.create_date);
    ctx["imports"] = Value::string(imports);
    // The template variables are Alembic's _indent()ed bodies: the first line unindented.
    ctx["upgrades"] = Value::string(up.code.substr(4));
    ctx["downgrades"] = Value::string(down.code.substr(4));

    TextResult result = mako::render(tmpl, ctx, template_path);
    if (!result.ok()) return result;

    // A template without ${imports} (or with its own list) must still not leave a name the
    // code uses unimported (MG201): add what is missing after the last top-level import.
    std::vector<std::string> lines = lines_of(result.text);
    size_t start = after_docstring(lines);
    std::vector<std::string> present;
    size_t last_import = std::string::npos;
    for (size_t i = start; i < lines.size(); ++i) {
        if (auto imp = import_line(lines[i]); !imp.empty()) {
            present.push_back(imp);
            last_import = i;
        }
    }
    std::string missing;
    for (const auto& imp : needed)
        if (!imported(present, imp)) missing += imp + "\n";
    if (missing.empty()) return result;

    size_t insert_at = last_import != std::string::npos ? last_import + 1 : start;
    std::string out;
    for (size_t i = 0; i < lines.size(); ++i) {
        if (i == insert_at) out += missing;
        out += lines[i] + "\n";
    }
    if (insert_at >= lines.size()) out += missing;
    if (!result.text.empty() && result.text.back() != '\n') out.pop_back();
    result.text = std::move(out);
    return result;
}

std::string new_revision_id() {
    static thread_local std::mt19937_64 rng{[] {
        std::random_device rd;
        std::seed_seq seq{rd(), rd(), rd(), rd(), static_cast<unsigned>(
            std::chrono::high_resolution_clock::now().time_since_epoch().count())};
        return std::mt19937_64(seq);
    }()};
    static const char* k_hex = "0123456789abcdef";
    std::string out;
    uint64_t bits = rng();
    for (int i = 0; i < 12; ++i) {
        out += k_hex[bits & 15];
        bits >>= 4;
    }
    return out;
}

std::string CreateDate::str() const {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", year, month, day, hour, minute, second);
    std::string s = buf;
    if (microsecond != 0) {
        std::snprintf(buf, sizeof buf, ".%06d", microsecond);
        s += buf;
    }
    return s;
}

CreateDate CreateDate::now() {
    using namespace std::chrono;
    auto tp = system_clock::now();
    auto us = duration_cast<microseconds>(tp.time_since_epoch()).count();
    std::time_t secs = static_cast<std::time_t>(us / 1000000);
    std::tm tm{};
    localtime_r(&secs, &tm);
    CreateDate d;
    d.year = tm.tm_year + 1900;
    d.month = tm.tm_mon + 1;
    d.day = tm.tm_mday;
    d.hour = tm.tm_hour;
    d.minute = tm.tm_min;
    d.second = tm.tm_sec;
    d.microsecond = static_cast<int>(us % 1000000);
    d.epoch = static_cast<long long>(secs);
    return d;
}

std::string slugify(std::string_view message, int truncate_slug_length) {
    // \w: ASCII letters, digits, '_', and (approximately) every non-ASCII character.
    auto word = [](unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; };
    std::string slug;
    size_t i = 0;
    while (i < message.size()) {
        while (i < message.size() && !word(static_cast<unsigned char>(message[i]))) ++i;
        if (i >= message.size()) break;
        if (!slug.empty()) slug += '_';
        while (i < message.size() && word(static_cast<unsigned char>(message[i])))
            slug += static_cast<char>(std::tolower(static_cast<unsigned char>(message[i++])));
    }
    if (truncate_slug_length <= 0) truncate_slug_length = 40;
    // Lengths count characters, not bytes, as Python slices do.
    size_t chars = 0, cut = slug.size();
    for (size_t b = 0; b < slug.size(); ++b) {
        if ((static_cast<unsigned char>(slug[b]) & 0xC0) == 0x80) continue;
        if (chars == static_cast<size_t>(truncate_slug_length)) {
            cut = b;
            break;
        }
        ++chars;
    }
    if (cut < slug.size()) {
        std::string head = slug.substr(0, cut);
        size_t us = head.rfind('_');
        if (us != std::string::npos) head.erase(us);
        slug = head + "_";
    }
    return slug;
}

TextResult revision_filename(std::string_view file_template, const RevisionHeader& header, const CreateDate& date,
                             int truncate_slug_length) {
    TextResult result;
    auto fail = [&](const std::string& why) {
        Diagnostic d;
        d.location.file = "alembic.ini";
        d.stage = "alembic";
        d.message = "cannot use file_template '" + std::string(file_template) + "': " + why;
        d.help = "use %(rev)s, %(slug)s, %(epoch)s, %(year)d, %(month).2d, %(day).2d, %(hour).2d, %(minute).2d, %(second).2d";
        result.error = std::move(d);
        result.text.clear();
        return result;
    };
    std::string slug = slugify(header.message, truncate_slug_length);
    const std::string_view t = file_template.empty() ? std::string_view("%(rev)s_%(slug)s") : file_template;
    std::string out;
    for (size_t i = 0; i < t.size(); ++i) {
        if (t[i] != '%') {
            out += t[i];
            continue;
        }
        if (i + 1 < t.size() && t[i + 1] == '%') {
            out += '%';
            ++i;
            continue;
        }
        if (i + 1 >= t.size() || t[i + 1] != '(') return fail("a '%' conversion without a (key)");
        size_t close = t.find(')', i);
        if (close == std::string_view::npos) return fail("unterminated '%('");
        std::string key(t.substr(i + 2, close - i - 2));
        size_t j = close + 1;
        std::string flags;
        while (j < t.size() && std::string_view("-+ 0#").find(t[j]) != std::string_view::npos) flags += t[j++];
        int width = 0;
        while (j < t.size() && std::isdigit(static_cast<unsigned char>(t[j]))) width = width * 10 + (t[j++] - '0');
        int precision = -1;
        if (j < t.size() && t[j] == '.') {
            precision = 0;
            ++j;
            while (j < t.size() && std::isdigit(static_cast<unsigned char>(t[j]))) precision = precision * 10 + (t[j++] - '0');
        }
        if (j >= t.size()) return fail("incomplete format after %(" + key + ")");
        char conv = t[j];
        i = j;

        bool is_number = true;
        long long number = 0;
        std::string text;
        if (key == "rev") { is_number = false; text = header.revision; }
        else if (key == "slug") { is_number = false; text = slug; }
        else if (key == "epoch") number = date.epoch;
        else if (key == "year") number = date.year;
        else if (key == "month") number = date.month;
        else if (key == "day") number = date.day;
        else if (key == "hour") number = date.hour;
        else if (key == "minute") number = date.minute;
        else if (key == "second") number = date.second;
        else return fail("unknown key '" + key + "'");

        std::string piece;
        if (conv == 's' || conv == 'r') {
            piece = is_number ? std::to_string(number) : (conv == 'r' ? py_repr(text) : text);
            if (precision >= 0 && static_cast<size_t>(precision) < piece.size()) piece.resize(precision);
        } else if (conv == 'd' || conv == 'i' || conv == 'u') {
            if (!is_number) return fail("%(" + key + ")" + conv + " needs a number");
            std::string digits = std::to_string(number < 0 ? -number : number);
            if (precision > 0 && digits.size() < static_cast<size_t>(precision))
                digits.insert(0, precision - digits.size(), '0');
            std::string sign = number < 0 ? "-" : flags.find('+') != std::string::npos ? "+" : "";
            piece = sign + digits;
            if (flags.find('0') != std::string::npos && flags.find('-') == std::string::npos &&
                piece.size() < static_cast<size_t>(width)) {
                piece.insert(sign.size(), width - piece.size(), '0');
            }
        } else {
            return fail(std::string("conversion '%") + conv + "' is not supported");
        }
        if (piece.size() < static_cast<size_t>(width)) {
            if (flags.find('-') != std::string::npos) piece.append(width - piece.size(), ' ');
            else piece.insert(0, width - piece.size(), ' ');
        }
        out += piece;
    }
    result.text = out + ".py";
    return result;
}

}  // namespace mig_guard::alembic
