// gridlink's entry point: everything happens in ui/commands.cpp.
#include "ui/commands.h"

int main(int argc, char** argv) { return gridlink::RunCommandLine(argc, argv); }
