package p2pshare.client;

import java.util.List;

/**
 * A group of related commands that share collaborators (the tracker client, the swarm engine…).
 * The client registers every set at start-up in {@link ClientCommand}; adding a feature's commands
 * means adding one set there, without touching the others.
 */
public interface CommandSet {
  List<Command> commands();
}
