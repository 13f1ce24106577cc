"""The past registers that can be imported, by ``ImportKind``."""

from history.models import ImportKind
from history.registers.activities import DisseminationRegister, DocumentRegister, InspectionRegister
from history.registers.aggregates import AggregateRegister
from history.registers.base import Register
from history.registers.petitions import PetitionRegister
from history.registers.protection import ProtectionRegister
from history.registers.reception import ReceptionRegister
from history.registers.retaliation import RetaliationRegister

REGISTERS: dict[str, Register] = {
    ImportKind.PETITIONS: PetitionRegister(),
    ImportKind.PROTECTION: ProtectionRegister(),
    ImportKind.RETALIATION: RetaliationRegister(),
    ImportKind.RECEPTION: ReceptionRegister(),
    ImportKind.DOCUMENTS: DocumentRegister(),
    ImportKind.DISSEMINATION: DisseminationRegister(),
    ImportKind.INSPECTIONS: InspectionRegister(),
    ImportKind.AGGREGATES: AggregateRegister(),
}
