/**
 * A gallery kept in a SolrCloud collection, for galleries that outgrow one machine: the same
 * enroll, list, remove and per-person top-K search as the embedded SQLite gallery, with templates
 * spread over shards and replicated, searched through Solr's HNSW dense-vector index and scored per
 * person on the client.
 */
package org.likeness.solr;
