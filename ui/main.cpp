// gridlink's entry point: the command line is ui/commands.cpp (the headless commands: server/commands.cpp).
#include "ui/commands.h"

int main(int argc, char** argv) { return gridlink::RunCommandLine(argc, argv); }
