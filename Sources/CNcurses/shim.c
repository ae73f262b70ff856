#include "CNcurses.h"
#include <stdio.h>
#include <string.h>

int gr_locale_is_utf8(void) {
  setlocale(LC_ALL, "");
  const char *codeset = nl_langinfo(CODESET);
  return codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

SCREEN *gr_newterm(void) { return newterm(NULL, stdout, stdin); }

int gr_setup_panel(int delay_ms, const short *palette, int palette_count) {
  cbreak();
  noecho();
  keypad(stdscr, TRUE);
  curs_set(0);
  timeout(delay_ms);
  set_escdelay(25);
  if (!has_colors()) return 0;
  start_color();
  use_default_colors();
  int pairs = palette_count < COLOR_PAIRS - 1 ? palette_count : COLOR_PAIRS - 1;
  for (int i = 0; i < pairs; i++) init_pair((short)(i + 1), palette[i], -1);
  return pairs;
}

int gr_draw(int y, int x, const char *s, int attrs) {
  attrset((attr_t)attrs);
  int r = mvaddstr(y, x, s);
  attrset(A_NORMAL);
  return r;
}

int gr_getch(void) { return getch(); }
void gr_clear(void) { clear(); }
void gr_erase(void) { erase(); }
void gr_refresh(void) { refresh(); }
void gr_end_panel(SCREEN *screen) {
  endwin();
  delscreen(screen);
}
