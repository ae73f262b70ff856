#include "CNcurses.h"

int gr_mvaddstr(int y, int x, const char *s) { return mvaddstr(y, x, s); }
