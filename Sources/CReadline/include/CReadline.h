// GNU readline for Swift 6. Readline's state lives in mutable C globals,
// which Swift 6 strict concurrency refuses to touch; these accessors are the
// only way the Swift side reads or writes them.
#ifndef GRADREPL_CREADLINE_H
#define GRADREPL_CREADLINE_H

#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

/// Completion entry point: Swift installs one C-convention function.
typedef char **(*gr_completion_fn)(const char *text, int start, int end);

void gr_rl_set_completion(gr_completion_fn fn);
void gr_rl_set_completion_over(int over);
void gr_rl_set_completion_append_character(int c);
void gr_rl_set_basic_word_break_characters(const char *chars);
void gr_rl_set_catch_signals(int on);
void gr_rl_set_readline_name(const char *name);
void gr_rl_set_streams(FILE *in, FILE *out);
const char *gr_rl_line_buffer(void);
int gr_rl_point(void);
int gr_history_length(void);
/// The newest history entry, or NULL.
const char *gr_last_history_line(void);
void gr_rl_reset_after_interrupt(void);
/// Turns bracketed paste on (a paste arrives as one line, newlines included) before the
/// user's inputrc is read, so `set enable-bracketed-paste off` there still wins.
void gr_rl_enable_bracketed_paste(void);
/// Writes a timestamp line before each history entry, so an entry of several lines reads
/// back from the file as one entry.
void gr_history_keep_multiline_entries(void);
FILE *gr_stdout(void);
FILE *gr_stdin(void);

#endif
