// Reference rates for the matcher benchmark: simdjson DOM parse and on-demand one-field read of an NDJSON stream.
#include <simdjson.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

namespace {

// CPU time of this process, as bench_main.c measures it.
double now() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

struct event_view {
  size_t off, len;
};

std::vector<event_view> split_lines(const simdjson::padded_string &text) {
  std::vector<event_view> ev;
  const char *base = text.data();
  for (size_t p = 0, n = text.size(); p < n;) {
    const void *nl = memchr(base + p, '\n', n - p);
    size_t end = nl ? size_t(static_cast<const char *>(nl) - base) : n;
    ev.push_back({p, end - p});
    p = end + 1;
  }
  return ev;
}

// Parses every event into a DOM (full validation); returns the number of failures.
size_t dom_round(simdjson::dom::parser &parser, const simdjson::padded_string &text,
                 const std::vector<event_view> &ev) {
  size_t bad = 0;
  for (const event_view &e : ev) {
    simdjson::dom::element doc;
    // the events lie inside one padded buffer: the bytes after each are readable padding
    bad += parser.parse(text.data() + e.off, e.len, false).get(doc) != simdjson::SUCCESS;
  }
  return bad;
}

// Reads one string field by path (on demand: stops there, the rest is never validated). With
// `received`, each event is first copied into that reused buffer, as a receiver holds it (bench_main.c
// does the same for trusted mode).
size_t ondemand_round(simdjson::ondemand::parser &parser, const simdjson::padded_string &text,
                      const std::vector<event_view> &ev, const std::vector<std::string> &path, size_t *found,
                      std::vector<char> *received) {
  size_t bad = 0;
  for (const event_view &e : ev) {
    simdjson::padded_string_view view(text.data() + e.off, e.len, text.size() + simdjson::SIMDJSON_PADDING - e.off);
    if (received) {
      if (received->size() < e.len + simdjson::SIMDJSON_PADDING) received->resize(e.len + simdjson::SIMDJSON_PADDING);
      memcpy(received->data(), text.data() + e.off, e.len);
      view = simdjson::padded_string_view(received->data(), e.len, received->size());
    }
    simdjson::ondemand::document doc;
    if (parser.iterate(view).get(doc) != simdjson::SUCCESS) {
      bad++;
      continue;
    }
    simdjson::ondemand::value v;
    if (doc[path[0]].get(v) != simdjson::SUCCESS) continue;
    bool ok = true;
    for (size_t i = 1; i < path.size() && ok; i++) ok = v[path[i]].get(v) == simdjson::SUCCESS;
    std::string_view s;
    if (ok && v.get_string().get(s) == simdjson::SUCCESS) *found += 1;
  }
  return bad;
}

std::vector<std::string> split_path(const char *dotted) {
  std::vector<std::string> path;
  std::string cur;
  for (const char *c = dotted;; c++) {
    if (*c == '.' || !*c) {
      path.push_back(cur);
      cur.clear();
      if (!*c) break;
    } else {
      cur += *c;
    }
  }
  return path;
}

}  // namespace

int main(int argc, char **argv) {
  bool dom = argc >= 3 && strcmp(argv[1], "dom") == 0;
  bool recv = argc >= 4 && strcmp(argv[1], "ondemand-recv") == 0;
  bool ondemand = recv || (argc >= 4 && strcmp(argv[1], "ondemand") == 0);
  if (!dom && !ondemand) {
    fprintf(stderr, "usage: bench_simdjson dom STREAM [ROUNDS] | ondemand[-recv] STREAM FIELD.PATH [ROUNDS]\n");
    return 2;
  }
  simdjson::padded_string text;
  if (simdjson::padded_string::load(argv[2]).get(text) != simdjson::SUCCESS) {
    fprintf(stderr, "bench_simdjson: cannot read %s\n", argv[2]);
    return 2;
  }
  int rounds = argc > (dom ? 3 : 4) ? atoi(argv[dom ? 3 : 4]) : 3;
  std::vector<event_view> ev = split_lines(text);
  std::vector<std::string> path = ondemand ? split_path(argv[3]) : std::vector<std::string>();
  simdjson::dom::parser dparser;
  simdjson::ondemand::parser oparser;
  double best = 1e30;
  size_t bad = 0, found = 0;
  std::vector<char> received;
  for (int k = 0; k < rounds; k++) {
    found = 0;
    double t0 = now();
    bad = dom ? dom_round(dparser, text, ev) : ondemand_round(oparser, text, ev, path, &found, recv ? &received : nullptr);
    double t = now() - t0;
    if (t < best) best = t;
  }
  if (bad) {
    fprintf(stderr, "bench_simdjson: %zu events failed to parse\n", bad);
    return 1;
  }
  printf("simdjson %s events %zu seconds %.6f events/s %.0f found %zu\n", argv[1], ev.size(), best,
         double(ev.size()) / best, found);
  return 0;
}
