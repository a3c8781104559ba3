"""What a career path says: its steps (:class:`Step`, :class:`CareerPath`) and the facts explaining each."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matchmaker.explanations import fact
from .graph import _PersonGraph, _row
from .region import MOVE_SEASONAL, taught_skills


@dataclass(frozen=True)
class Step:
    """One step. ``kind`` is "job" or "training"; ``need`` is -1 for a shortage occupation or a training step.

    ``move`` says how a job step was reached: "start", "seasonal chain", "move on", "after training".
    ``carried`` are the job's essential skills the person brings, ``to_learn`` the rest (skill indices).
    """

    kind: str
    need: int
    occupation: int
    programme: int
    move: str
    cost: float
    similarity: float
    distance_km: float
    months: int
    carried: tuple[int, ...]
    to_learn: tuple[int, ...]
    facts: tuple[dict, ...]


@dataclass(frozen=True)
class CareerPath:
    person: int
    steps: tuple[Step, ...]
    cost: float

    @property
    def facts(self) -> tuple[dict, ...]:
        return tuple(f for step in self.steps for f in step.facts)

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(s.move if s.kind == "job" else "training" for s in self.steps)


def _job_label(space, region, needs, job, names) -> dict:
    """The job's role and employer as fact parameters; a shortage occupation has no employer (None)."""
    j = int(region.job_need[job])
    occ = space.occupation_labels[int(region.job_occ[job])]
    if j < 0:
        return {"role": occ, "employer": None}
    return {"role": names.need(j, fallback=occ),
            "employer": names.employer(j, fallback=str(needs.organisation_ids[j]))}


def _explain_steps(space, needs, programmes, region, graph: _PersonGraph, nodes, names, held, past) -> list[Step]:
    """The steps of one path (``nodes`` of ``graph``, start excluded) with their facts; ``held`` are the person's
    skills and ``past`` their past occupations (indices)."""
    labels = space.skill_labels
    steps = []
    held = set(held.tolist())
    prev, prev_job = 0, -1
    for node in nodes:
        node = int(node)
        edge_cost, similarity = graph.edge(prev, node)
        if node > graph.m:
            t = node - 1 - graph.m
            pair = int(graph.pairs[t])
            distance = float(graph.pair_distance[t])
            k = int(region.pair_programme[pair])
            job = int(region.pair_job[pair])
            teach = taught_skills(region, np.array([pair]))[1]
            new = tuple(int(s) for s in teach if s not in held)
            name = names.programme(k, fallback=str(programmes.ids[k]))
            # longer than the work it opens: there only because the person wants a career change, and it says so
            longer = ({"career_change": True} if region.pair_fits_work is not None and not region.pair_fits_work[pair]
                      else {})
            facts = (fact("step.training", programme=name, duration=float(programmes.duration_months[k]),
                          km=round(distance), skills=[labels[s] for s in new], **_job_label(space, region, needs, job, names),
                          **longer),)
            steps.append(Step("training", -1, int(region.job_occ[job]), k, "training", edge_cost, similarity,
                              distance, int(programmes.start_months[k]), (), new, facts))
            held |= set(teach.tolist())
        else:
            job = int(graph.jobs[node - 1])
            distance = float(graph.job_distance[node - 1])
            ess = _row(region.job_essential, job)
            carried = tuple(sorted(int(s) for s in ess if s in held))
            to_learn = tuple(sorted(int(s) for s in ess if s not in held))
            months = int(region.job_months[job])
            where = dict(_job_label(space, region, needs, job, names), months=months,
                         km=round(distance) if region.job_need[job] >= 0 else None)
            carried_labels = [labels[s] for s in carried]
            if prev == 0:
                move = "start"
                first = fact("step.start", carried=len(carried), total=len(ess), skills=carried_labels,
                             past=[space.occupation_labels[o] for o in past], **where)
            elif prev > graph.m:
                move = "after training"
                first = fact("step.after_training", carried=len(carried), total=len(ess), **where)
            else:
                previous = _job_label(space, region, needs, prev_job, names)["role"]
                if int(graph.move_kind[prev - 1, node - 1]) == MOVE_SEASONAL:
                    move = "seasonal chain"
                    first = fact("step.seasonal", previous=previous, skills=carried_labels, **where)
                else:
                    move = "move on"
                    first = fact("step.move_on", previous=previous, similarity=round(similarity, 4),
                                 skills=carried_labels, **where)
            facts = (first,) + ((fact("step.learn", skills=[labels[s] for s in to_learn]),) if to_learn else ())
            steps.append(Step("job", int(region.job_need[job]), int(region.job_occ[job]), -1, move, edge_cost,
                              similarity, distance, months, carried, to_learn, facts))
            held |= set(_row(region.job_held, job).tolist())
            prev_job = job
        prev = node
    return steps

