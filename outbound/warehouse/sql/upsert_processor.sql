INSERT INTO processors VALUES ($processor, $name, $zone, $ciio)
ON CONFLICT (processor) DO UPDATE SET
    name = coalesce(excluded.name, processors.name),
    zone = coalesce(excluded.zone, processors.zone),
    ciio = excluded.ciio OR $ciio_known = false AND processors.ciio;
