package p2pshare.tracker;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.InterfacesConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.XmlConfigBuilder;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import p2pshare.common.TrackerInfo;
import p2pshare.tracker.state.DurableMaps;
import p2pshare.tracker.state.SplitBrainMerge;
import p2pshare.tracker.state.SwarmMaps;

/**
 * The Hazelcast configuration of tracker N: our cluster.xml (never vertx-hazelcast's multicast
 * default), specialised with this tracker's member port and interface, every tracker as a TCP-IP
 * member, and a backup of every map entry on every other member.
 */
public final class ClusterConfig {
  private ClusterConfig() {}

  static final String FILE = "cluster.xml";

  /** Hazelcast's ceiling on synchronous backups. */
  private static final int MAX_BACKUPS = 6;

  /** ./cluster.xml when the tracker runs from a directory that has one, else the jar's copy. */
  public static Config load() {
    Path local = Path.of(FILE);
    if (Files.isRegularFile(local)) {
      try {
        return new FileSystemXmlConfig(local.toFile());
      } catch (FileNotFoundException e) {
        throw new UncheckedIOException("cannot read " + local.toAbsolutePath(), e);
      }
    }
    try (InputStream in = ClusterConfig.class.getClassLoader().getResourceAsStream(FILE)) {
      if (in == null) {
        throw new IllegalStateException(
            "cluster.xml is neither in the working directory nor on the classpath; rebuild the jar");
      }
      return new XmlConfigBuilder(in).build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read cluster.xml from the classpath", e);
    }
  }

  public static Config forTracker(Config config, TrackerInfo info, int n) {
    TrackerInfo.Address self = info.tracker(n);
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(self.clusterPort()).setPortAutoIncrement(false);
    network.setInterfaces(new InterfacesConfig().setEnabled(true).setInterfaces(List.of(self.host())));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig()
        .setEnabled(true)
        .setMembers(
            info.trackers().stream().map(t -> t.host() + ":" + t.clusterPort()).toList());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    config.setInstanceName("tracker-" + n + "-" + self.clusterPort());

    int backups = Math.min(MAX_BACKUPS, info.trackers().size() - 1);
    for (String name : DurableMaps.NAMES) {
      map(config, name, backups).getMergePolicyConfig().setPolicy(SplitBrainMerge.forMap(name).getName());
    }
    map(config, "default", backups);
    map(config, SwarmMaps.SWARM, backups).setTimeToLiveSeconds(SwarmMaps.EXPIRY_SECONDS);
    map(config, SwarmMaps.PRESENCE, backups).setTimeToLiveSeconds(SwarmMaps.EXPIRY_SECONDS);
    MultiMapConfig subs = config.getMultiMapConfig("__vertx.subs");
    subs.setBackupCount(backups).setValueCollectionType(MultiMapConfig.ValueCollectionType.SET);
    return config;
  }

  private static MapConfig map(Config config, String name, int backups) {
    MapConfig map = config.getMapConfig(name);
    map.setBackupCount(backups).setAsyncBackupCount(0).setReadBackupData(true);
    config.addMapConfig(map);
    return map;
  }
}
