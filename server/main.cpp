// gridlink-server's entry point: the headless commands alone (server/commands.cpp), with no GL,
// windowing, ImGui or fonts linked, for ingest servers and scripts.
#include "server/commands.h"

int main(int argc, char** argv) { return gridlink::RunServerCommandLine(argc, argv); }
