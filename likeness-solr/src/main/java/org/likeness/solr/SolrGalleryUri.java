package org.likeness.solr;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.likeness.error.BadInputException;

/**
 * Where a SolrCloud gallery lives: {@code solr://zk1:2181,zk2:2181[/chroot]/collection}, the
 * ZooKeeper ensemble Solr uses, an optional ZooKeeper chroot, and the collection.
 *
 * @param zkHosts ZooKeeper {@code host:port} addresses, at least one
 * @param zkChroot the ZooKeeper path Solr's data lives under, such as {@code /solr}, if any
 * @param collection the collection holding the gallery
 */
public record SolrGalleryUri(List<String> zkHosts, Optional<String> zkChroot, String collection) {
  /** The scheme that marks a gallery location as SolrCloud rather than a directory. */
  public static final String SCHEME = "solr://";

  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9._\\-\\[\\]:]+:[0-9]{1,5}");
  private static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,99}");
  private static final Pattern CHROOT = Pattern.compile("(/[A-Za-z0-9._\\-]+)+");

  public SolrGalleryUri {
    if (zkHosts == null || zkHosts.isEmpty() || zkChroot == null || collection == null) {
      throw new BadInputException(
          "a SolrCloud gallery needs ZooKeeper hosts and a collection, got "
              + zkHosts
              + ", "
              + collection);
    }
    zkHosts = List.copyOf(zkHosts);
    for (String host : zkHosts) {
      if (!HOST_PORT.matcher(host).matches()) {
        throw new BadInputException("ZooKeeper address must be host:port, got '" + host + "'");
      }
    }
    if (zkChroot.isPresent() && !CHROOT.matcher(zkChroot.get()).matches()) {
      throw new BadInputException("ZooKeeper chroot must look like /solr, got '" + zkChroot.get() + "'");
    }
    if (!COLLECTION.matcher(collection).matches()) {
      throw new BadInputException(
          "collection name must be 1-100 characters of [A-Za-z0-9._-], got '" + collection + "'");
    }
  }

  /** True when {@code location} names a SolrCloud gallery rather than a directory. */
  public static boolean isSolr(String location) {
    return location != null && location.startsWith(SCHEME);
  }

  /**
   * Parses {@code solr://zk1:2181,zk2:2181[/chroot]/collection}.
   *
   * @throws BadInputException naming the location when it is not such a URI
   */
  public static SolrGalleryUri parse(String location) {
    if (!isSolr(location)) {
      throw new BadInputException(
          "a SolrCloud gallery location starts with " + SCHEME + ", got '" + location + "'");
    }
    String rest = location.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    int last = rest.lastIndexOf('/');
    if (slash <= 0 || last == rest.length() - 1) {
      throw new BadInputException(
          "'" + location + "' must look like solr://zk-host:2181[/chroot]/collection");
    }
    List<String> hosts = Arrays.asList(rest.substring(0, slash).split(",", -1));
    Optional<String> chroot =
        last > slash ? Optional.of(rest.substring(slash, last)) : Optional.empty();
    return new SolrGalleryUri(hosts, chroot, rest.substring(last + 1));
  }

  @Override
  public String toString() {
    return SCHEME + String.join(",", zkHosts) + zkChroot.orElse("") + "/" + collection;
  }
}
