// ncursesw for Swift 6: the wide-character API, plus accessors for the
// macros (A_*, COLOR_PAIR, stdscr-relative calls) and globals (stdscr, COLS,
// LINES, stdout) Swift cannot use.
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

/// setlocale(LC_ALL, "") and whether the locale's character set is UTF-8
/// (Braille needs it; otherwise the panel draws ASCII).
int gr_locale_is_utf8(void);
/// newterm(NULL, stdout, stdin): NULL instead of exiting when TERM is unknown.
SCREEN *gr_newterm(void);
/// cbreak, noecho, keypad, hidden cursor, `delay_ms` getch timeout, and colour
/// pairs 1…n for the palette on the default background when the terminal has
/// colour. Returns the number of colour pairs set up (0: monochrome).
int gr_setup_panel(int delay_ms, const short *palette, int palette_count);
/// Draws a UTF-8 string at (y, x) on stdscr with attributes `attrs`.
int gr_draw(int y, int x, const char *s, int attrs);
int gr_getch(void);
void gr_clear(void);
void gr_erase(void);
void gr_refresh(void);
/// endwin() and delscreen(screen).
void gr_end_panel(SCREEN *screen);

#endif
