// ncursesw for Swift 6: the wide-character API, plus accessors for the
// macros (A_*, getmaxyx) and globals (stdscr, COLS, LINES) Swift cannot use.
#ifndef GRADREPL_CNCURSES_H
#define GRADREPL_CNCURSES_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <wchar.h>
#include <langinfo.h>
#include <ncurses.h>

static inline int gr_a_bold(void) { return (int)A_BOLD; }
static inline int gr_a_reverse(void) { return (int)A_REVERSE; }
static inline int gr_a_dim(void) { return (int)A_DIM; }
static inline int gr_a_underline(void) { return (int)A_UNDERLINE; }
static inline int gr_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline int gr_lines(void) { return LINES; }
static inline int gr_cols(void) { return COLS; }
static inline WINDOW *gr_stdscr(void) { return stdscr; }

/// Draws a UTF-8 string at (y, x) on stdscr.
int gr_mvaddstr(int y, int x, const char *s);

#endif
