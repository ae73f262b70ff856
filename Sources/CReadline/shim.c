#include "CReadline.h"

static char word_breaks[64];

void gr_rl_set_completion(gr_completion_fn fn) {
  rl_attempted_completion_function = (rl_completion_func_t *)fn;
}
void gr_rl_set_completion_over(int over) { rl_attempted_completion_over = over; }
void gr_rl_set_completion_append_character(int c) { rl_completion_append_character = c; }
void gr_rl_set_basic_word_break_characters(const char *chars) {
  // readline keeps the pointer: copy into storage that outlives the call.
  size_t i = 0;
  for (; chars[i] && i < sizeof word_breaks - 1; i++) word_breaks[i] = chars[i];
  word_breaks[i] = 0;
  rl_basic_word_break_characters = word_breaks;
  rl_completer_word_break_characters = word_breaks;
}
void gr_rl_set_catch_signals(int on) {
  rl_catch_signals = on;
  rl_catch_sigwinch = on;
}
void gr_rl_set_readline_name(const char *name) { rl_readline_name = name; }
void gr_rl_set_streams(FILE *in, FILE *out) {
  rl_instream = in;
  rl_outstream = out;
}
const char *gr_rl_line_buffer(void) { return rl_line_buffer; }
int gr_rl_point(void) { return rl_point; }
int gr_history_length(void) { return history_length; }
void gr_rl_reset_after_interrupt(void) {
  rl_free_line_state();
  rl_callback_sigcleanup();
  rl_cleanup_after_signal();
}
FILE *gr_stdout(void) { return stdout; }
FILE *gr_stdin(void) { return stdin; }
const char *gr_last_history_line(void) {
  if (history_length <= 0) return NULL;
  HIST_ENTRY *entry = history_get(history_base + history_length - 1);
  return entry ? entry->line : NULL;
}
void gr_rl_enable_bracketed_paste(void) { rl_variable_bind("enable-bracketed-paste", "on"); }
void gr_history_keep_multiline_entries(void) {
  // read_history treats the lines after a "#<digits>" line as one entry when the file
  // starts with one; files written before (no timestamps) still read one line per entry.
  history_comment_char = '#';
  history_write_timestamps = 1;
}
