// SPDX-License-Identifier: GPL-2.0
#include "harness/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"

namespace uffdc {
namespace {

constexpr absl::Duration kGraceAfterTerm = absl::Seconds(3);

// Waits for `pid` until `deadline`; true when it was reaped.
bool ReapBy(pid_t pid, absl::Time deadline, int* status) {
  for (;;) {
    pid_t r = waitpid(pid, status, WNOHANG);
    if (r == pid) return true;
    if (r < 0 && errno != EINTR) return true;
    if (absl::Now() >= deadline) return false;
    absl::SleepFor(absl::Milliseconds(20));
  }
}

}  // namespace

ProcessRun RunWithTimeout(const std::vector<std::string>& argv, absl::Duration timeout,
                          const std::function<void(const std::string& line)>& on_line) {
  ProcessRun run;
  run.end.timeout_seconds = absl::ToDoubleSeconds(timeout);
  const absl::Time start = absl::Now();
  int pipefd[2];
  if (pipe2(pipefd, O_CLOEXEC) != 0) {
    run.end.spawn_failed = true;
    run.end.spawn_error = absl::StrCat("pipe: ", strerror(errno));
    return run;
  }
  // exec() failures are reported through a second pipe.
  int errpipe[2];
  if (pipe2(errpipe, O_CLOEXEC) != 0) {
    close(pipefd[0]), close(pipefd[1]);
    run.end.spawn_failed = true;
    run.end.spawn_error = absl::StrCat("pipe: ", strerror(errno));
    return run;
  }
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    dup2(pipefd[1], STDOUT_FILENO);
    dup2(pipefd[1], STDERR_FILENO);
    execv(args[0], args.data());
    int err = errno;
    (void)!write(errpipe[1], &err, sizeof(err));
    _exit(127);
  }
  close(pipefd[1]);
  close(errpipe[1]);
  if (pid < 0) {
    close(pipefd[0]), close(errpipe[0]);
    run.end.spawn_failed = true;
    run.end.spawn_error = absl::StrCat("fork: ", strerror(errno));
    return run;
  }
  setpgid(pid, pid);  // also from the parent, so the kill below cannot miss

  const absl::Time deadline = start + timeout;
  std::string partial;
  bool eof = false;
  while (!eof) {
    const int64_t left = absl::ToInt64Milliseconds(deadline - absl::Now());
    if (left <= 0) {
      run.end.timed_out = true;
      break;
    }
    struct pollfd pfd = {pipefd[0], POLLIN, 0};
    int n = poll(&pfd, 1, static_cast<int>(std::min<int64_t>(left, 1000)));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) continue;
    char buf[4096];
    ssize_t got = read(pipefd[0], buf, sizeof(buf));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      eof = true;
      break;
    }
    run.output.append(buf, got);
    partial.append(buf, got);
    size_t nl;
    while ((nl = partial.find('\n')) != std::string::npos) {
      on_line(partial.substr(0, nl));
      partial.erase(0, nl + 1);
    }
  }
  if (!partial.empty()) on_line(partial);

  int status = 0;
  if (run.end.timed_out) {
    kill(-pid, SIGTERM);  // lets the suite restore what it changed
    if (!ReapBy(pid, absl::Now() + kGraceAfterTerm, &status)) {
      kill(-pid, SIGKILL);
      ReapBy(pid, absl::InfiniteFuture(), &status);
    }
  } else {
    // Output closed: the binary is ending. Bound the wait all the same.
    if (!ReapBy(pid, std::max(deadline, absl::Now() + kGraceAfterTerm), &status)) {
      run.end.timed_out = true;
      kill(-pid, SIGKILL);
      ReapBy(pid, absl::InfiniteFuture(), &status);
    }
  }
  kill(-pid, SIGKILL);  // stray grandchildren (a test's abandoned helper processes)
  close(pipefd[0]);

  int exec_errno = 0;
  if (read(errpipe[0], &exec_errno, sizeof(exec_errno)) == sizeof(exec_errno)) {
    run.end.spawn_failed = true;
    run.end.spawn_error = absl::StrCat("exec ", argv[0], ": ", strerror(exec_errno));
  }
  close(errpipe[0]);
  if (!run.end.timed_out) {
    if (WIFSIGNALED(status)) run.end.signal = WTERMSIG(status);
    if (WIFEXITED(status)) run.end.exit_code = WEXITSTATUS(status);
  }
  run.duration = absl::Now() - start;
  return run;
}

// The names of a binary's tests, from the kselftest harness's "-l" listing:
// "# FIXTURE  VARIANT  TEST" rows, a fixture's name and variant on its first row
// only (each of our fixtures has one variant; TEST()s have none and are "global").
absl::StatusOr<std::vector<std::string>> ListTests(const std::string& path) {
  ProcessRun run = RunWithTimeout({path, "-l"}, absl::Seconds(30), [](const std::string&) {});
  if (run.end.spawn_failed || run.end.timed_out || run.end.signal != 0) {
    return absl::InternalError(absl::StrCat(path, " -l did not run to completion"));
  }
  std::vector<std::string> names;
  std::string fixture, variant;
  bool header = false;
  for (absl::string_view line : absl::StrSplit(run.output, '\n', absl::SkipWhitespace())) {
    if (absl::StartsWith(line, "# FIXTURE")) {
      header = true;
      continue;
    }
    if (!header && absl::StartsWith(line, "# ")) continue;  // the suite's own notes
    if (!header) return absl::InternalError(absl::StrCat(path, " -l: not a kselftest listing: '", line, "'"));
    if (absl::StartsWith(line, "---")) continue;
    std::vector<absl::string_view> cols = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (line[0] != ' ') {
      fixture = std::string(cols[0]);
      if (cols.size() == 1) continue;  // a fixture without tests ("global" of TEST_F-only files)
      variant = cols.size() == 3 ? std::string(cols[1]) : "";
      cols.erase(cols.begin(), cols.end() - 1);
    }
    if (cols.size() != 1) return absl::InternalError(absl::StrCat(path, " -l: unexpected row '", line, "'"));
    names.push_back(absl::StrCat(fixture, ".", variant.empty() ? "" : variant + ".", cols[0]));
  }
  if (names.empty()) return absl::InternalError(absl::StrCat(path, " -l listed no test"));
  return names;
}

}  // namespace uffdc
