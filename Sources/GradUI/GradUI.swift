// The terminal front end: readline, ncurses, TTY detection.
import CNcurses
import CReadline
import GradREPL
