//! Entity mentions in documents and linking to the knowledge base.
